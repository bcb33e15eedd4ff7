// What is wrong with the page's layout at the current viewport, as a list of sentences (empty: none).
// Used by PageTest at phone and desktop sizes.
() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const box = e => e.getBoundingClientRect();
  const px = n => Math.round(n * 10) / 10;
  const label = e => {
    const cls = typeof e.className === 'string' ? e.className : (e.className && e.className.baseVal) || '';
    const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return e.tagName.toLowerCase() + (cls ? '.' + cls.trim().split(/\s+/).join('.') : '') + (text ? ' "' + text + '"' : '');
  };
  if (document.documentElement.scrollWidth > vw) {
    problems.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide in ' + vw);
  }
  // every visible element stays within the screen's width, except inside a box that scrolls sideways
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.scroll, svg.sprite, title, script, noscript')) continue;
    const b = box(e);
    if (b.width === 0 || b.height === 0) continue;
    if (b.left < -0.5 || b.right > vw + 0.5) {
      problems.push(label(e) + ' leaves the screen: ' + px(b.left) + '..' + px(b.right) + ' of ' + vw);
    }
  }
  // a table's rows stay readable: no column squeezed so narrow that a row grows a screen tall
  for (const t of document.querySelectorAll('table')) {
    for (const row of t.querySelectorAll('tbody tr')) {
      const h = box(row).height;
      if (h > vh / 3) problems.push(label(row) + ' of ' + label(t) + ' is ' + px(h) + ' px tall (screen ' + vh + ')');
    }
    for (const cell of t.querySelectorAll('thead th')) {
      const w = box(cell).width;
      if (w < 56) problems.push(label(cell) + ' of ' + label(t) + ' is squeezed to ' + px(w) + ' px');
    }
  }
  // chart axis labels: inside their chart, readable, and not run together
  for (const svg of document.querySelectorAll('svg.lines')) {
    const s = box(svg);
    const ticks = [...svg.querySelectorAll('text.tick')];
    for (const t of ticks) {
      const b = box(t);
      if (b.width === 0) continue; // left out at this size
      if (b.left < s.left - 0.5 || b.right > s.right + 0.5 || b.top < s.top - 0.5 || b.bottom > s.bottom + 0.5) {
        problems.push('axis label ' + label(t) + ' is cut: ' + px(b.left) + '..' + px(b.right) + ' in chart '
            + px(s.left) + '..' + px(s.right));
      }
      if (b.height < 9) problems.push('axis label ' + label(t) + ' is ' + px(b.height) + ' px high, too small to read');
    }
    const bottom = Math.max(...ticks.map(t => Number(t.getAttribute('y'))));
    const xs = ticks.filter(t => Number(t.getAttribute('y')) === bottom).map(box).filter(b => b.width > 0)
        .sort((a, b) => a.left - b.left);
    for (let i = 1; i < xs.length; i++) {
      if (xs[i].left < xs[i - 1].right + 3) {
        problems.push('axis labels run together in a chart at ' + px(xs[i - 1].right) + ' and ' + px(xs[i].left));
      }
    }
  }
  return problems;
}
