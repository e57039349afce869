"""`tracker serve`: the read-only review app in a browser, over the same database as the other commands."""

from __future__ import annotations

import errno
import ipaddress
import socket

import click

from tracker.cli.common import Context


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket bound now, so that a port in use is a one-line error and --port 0 has a known port."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise click.BadParameter(f"cannot resolve {host!r}: {exc.strerror}", param_hint="--host") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise click.ClickException(f"cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(True)
    return sock


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port; 0 picks a free one."
)
@click.pass_obj
def serve_command(ctx: Context, host: str, port: int) -> None:
    """Serve the read-only review app: quotes with facets, articles with their attributions
    highlighted, speakers, targets, stance charts, and JSON under /api/.

    The database is opened read-only (SQLite) or in READ ONLY transactions (PostgreSQL); nothing in
    the app writes. It listens on 127.0.0.1 unless --host says otherwise, and prints its URL.

    \b
    Examples:
        tracker serve
        tracker --db postgresql+psycopg://reader@db/news serve --port 8080
    """
    import uvicorn

    from tracker.web.app import LOOPBACK_HOSTS, create_app
    from tracker.web.database import check_schema, readonly_engine

    engine = readonly_engine(ctx.db)
    check_schema(engine, ctx.db)
    sock = _listen(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    # On a loopback address only loopback names are answered, so that no other site can reach the app by
    # pointing a name of its own at 127.0.0.1 (DNS rebinding). Starlette's host check cannot read IPv6 hosts.
    allowed = list(LOOPBACK_HOSTS) if _is_loopback(bound_host) and ":" not in bound_host else None
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"http://{shown_host}:{bound_port}/")
    config = uvicorn.Config(create_app(engine, allowed_hosts=allowed), log_level="info", server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        engine.dispose()
