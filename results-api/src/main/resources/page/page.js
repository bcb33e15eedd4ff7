// The uptime page refreshes itself: every few seconds it fetches itself again and swaps in the new
// <main>, so the scroll position, the layout and open <details> stay as they are. Nothing here
// builds markup: the server renders (and escapes) every text; this only moves its nodes in.
(function () {
  'use strict';
  var every = parseInt(document.body.getAttribute('data-refresh-ms'), 10) || 30000;
  var note = function (text) {
    var el = document.getElementById('refresh-note');
    if (el) { el.textContent = text; }
  };
  function openDetails(root) {
    var open = {};
    root.querySelectorAll('details[id]').forEach(function (d) { if (d.open) { open[d.id] = true; } });
    return open;
  }
  function refresh() {
    var live = document.getElementById('live');
    if (!live || !window.fetch || !window.DOMParser) { return; }
    fetch(window.location.href, { headers: { 'Accept': 'text/html' }, cache: 'no-store', credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('live');
        if (!fresh) { throw new Error('no content'); }
        var open = openDetails(live);
        fresh.querySelectorAll('details[id]').forEach(function (d) { if (open[d.id]) { d.open = true; } });
        var stamp = doc.querySelector('.updated time');
        var mine = document.querySelector('.updated time');
        if (stamp && mine) { mine.replaceWith(document.importNode(stamp, true)); }
        live.replaceWith(document.importNode(fresh, true));
        document.title = doc.title;
        document.body.classList.remove('stale');
        note('');
      })
      .catch(function (e) {
        document.body.classList.add('stale');
        note('Could not refresh (' + e.message + '): these figures may be out of date; retrying');
      })
      .then(function () { window.setTimeout(refresh, every); });
  }
  window.setTimeout(refresh, every);
})();
