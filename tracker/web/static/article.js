// Details of a highlight on hover or focus. The text comes from the mark's own title attribute (escaped
// by the server) and is set with textContent, never as HTML.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var text = document.getElementById("article-text");
  if (!tip || !text) { return; }
  var marks = text.querySelectorAll("mark[title]");
  for (var i = 0; i < marks.length; i++) {
    // Moved so that the browser's own tooltip does not show the same words a second time.
    marks[i].setAttribute("data-tip", marks[i].getAttribute("title"));
    marks[i].removeAttribute("title");
    marks[i].setAttribute("aria-describedby", "tip");
  }
  var current = null;
  function show(mark) {
    current = mark;
    tip.textContent = mark.getAttribute("data-tip");
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    var numbers = (mark.getAttribute("data-q") || "").split(" ");
    var items = document.querySelectorAll(".attribution.hover");
    for (var j = 0; j < items.length; j++) { items[j].classList.remove("hover"); }
    for (var k = 0; k < numbers.length; k++) {
      var item = document.getElementById("attr-" + numbers[k]);
      if (item) { item.classList.add("hover"); }
    }
  }
  function hide() {
    current = null;
    tip.hidden = true;
    var items = document.querySelectorAll(".attribution.hover");
    for (var j = 0; j < items.length; j++) { items[j].classList.remove("hover"); }
  }
  function markOf(event) {
    var node = event.target;
    return node && node.closest ? node.closest("mark[data-tip]") : null;
  }
  text.addEventListener("mouseover", function (event) { var m = markOf(event); if (m) { show(m); } });
  text.addEventListener("mouseout", function (event) { if (markOf(event) && !text.contains(document.activeElement)) { hide(); } });
  text.addEventListener("focusin", function (event) { var m = markOf(event); if (m) { show(m); } });
  text.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && current) { hide(); } });
})();
