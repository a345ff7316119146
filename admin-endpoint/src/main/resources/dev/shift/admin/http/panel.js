// Optional: refreshes the live parts of the panel every 5 s. The panel works fully without it.
// A refresh never moves or replaces a button while someone is using the page: parts whose content did not
// change are left alone, and nothing is replaced while a pointer is pressed, while a field has the focus, or
// within a second of any click, key press or the tab coming back into view (a replaced button would swallow
// the click meant for it).
(function () {
  'use strict';
  var quietUntil = 0;
  var pressed = false;
  var touched = function () { quietUntil = Date.now() + 1000; };
  document.addEventListener('pointerdown', function () { pressed = true; touched(); }, true);
  document.addEventListener('pointerup', function () { pressed = false; touched(); }, true);
  document.addEventListener('pointercancel', function () { pressed = false; touched(); }, true);
  document.addEventListener('keydown', touched, true);
  document.addEventListener('visibilitychange', touched);
  var busy = function () {
    var a = document.activeElement;
    return pressed || Date.now() < quietUntil || (a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA'));
  };
  setInterval(function () {
    if (document.hidden || busy() || !window.fetch || !window.DOMParser) { return; }
    fetch('/', { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      // Checked again: the user may have started a click while the page was on its way.
      if (!html || document.hidden || busy()) { return; }
      var fresh = new DOMParser().parseFromString(html, 'text/html');
      document.querySelectorAll('[data-live]').forEach(function (el) {
        var next = el.id && fresh.getElementById(el.id);
        if (next && next.innerHTML !== el.innerHTML) { el.innerHTML = next.innerHTML; }
      });
    }).catch(function () { /* the next tick tries again */ });
  }, 5000);
}());
