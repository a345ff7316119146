// Optional: refreshes the live parts of the panel every 5 s. The panel works fully without it.
(function () {
  'use strict';
  var busy = function () {
    var a = document.activeElement;
    return a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA');
  };
  setInterval(function () {
    if (document.hidden || busy() || !window.fetch || !window.DOMParser) { return; }
    fetch('/', { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, 'text/html');
      document.querySelectorAll('[data-live]').forEach(function (el) {
        var next = el.id && fresh.getElementById(el.id);
        if (next) { el.innerHTML = next.innerHTML; }
      });
    }).catch(function () { /* the next tick tries again */ });
  }, 5000);
}());
