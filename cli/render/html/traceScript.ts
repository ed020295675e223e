/**
 * The script of every page with traces: clicking a step (in the list or the diagram) shows its
 * state; ← and → walk the trace the reader last touched. Plain DOM code, no library.
 */
export const TRACE_SCRIPT = `(function () {
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.trace'));
  var active = sections[0];
  function select(section, i) {
    var n = Number(section.getAttribute('data-steps'));
    i = Math.max(0, Math.min(n - 1, i));
    section.setAttribute('data-sel', String(i));
    var marked = section.querySelectorAll('ol.steps li[data-step], svg .row[data-step]');
    for (var k = 0; k < marked.length; k++) marked[k].classList.toggle('sel', Number(marked[k].getAttribute('data-step')) === i);
    var panels = section.querySelectorAll('.state[data-step]');
    for (var p = 0; p < panels.length; p++) {
      var on = Number(panels[p].getAttribute('data-step')) === i;
      panels[p].hidden = !on;
      panels[p].classList.toggle('sel', on);
    }
    active = section;
    return section.querySelector('ol.steps li[data-step="' + i + '"]');
  }
  sections.forEach(function (section) {
    section.addEventListener('click', function (event) {
      var target = event.target;
      if (target.closest && target.closest('a')) return;
      var step = target.closest ? target.closest('[data-step]') : null;
      if (!step || step.classList.contains('state')) { active = section; return; }
      select(section, Number(step.getAttribute('data-step')));
    });
    section.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        var li = event.target.closest && event.target.closest('li[data-step]');
        if (li) { select(section, Number(li.getAttribute('data-step'))); event.preventDefault(); }
      }
    });
  });
  document.addEventListener('keydown', function (event) {
    if (!active || event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    var delta = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    var li = select(active, Number(active.getAttribute('data-sel')) + delta);
    if (li && li.scrollIntoView) li.scrollIntoView({ block: 'nearest' });
  });
})();`;
