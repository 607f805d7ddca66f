/*
 * LSTM Lab tutorial page: one script for the eight views (lesson, series, train, gates, gradients,
 * long lags, your data, text).
 *
 * Safety: text that comes from data (quiz questions, answers, feedback, error messages) is only
 * ever inserted with textContent; math in it ($…$, $$…$$) is then typeset by KaTeX's auto-render,
 * which builds its own DOM. The lesson's sections are the project's own HTML and are inserted as
 * such; the cell diagram is parsed as SVG and stripped of scripts and event attributes first.
 * The server's Content-Security-Policy allows scripts from this server only.
 */
'use strict';

(function () {
  // ---------------------------------------------------------------------------------------------
  // Small helpers

  /** An element with attributes and children; strings become text nodes, never HTML. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  const MATH_DELIMITERS = [
    { left: '$$', right: '$$', display: true },
    { left: '\\[', right: '\\]', display: true },
    { left: '$', right: '$', display: false },
    { left: '\\(', right: '\\)', display: false },
  ];

  /** Typesets $…$ and $$…$$ inside a node; text stays text if KaTeX is missing. */
  function math(node) {
    if (window.renderMathInElement) {
      window.renderMathInElement(node, { delimiters: MATH_DELIMITERS, throwOnError: false });
    }
  }

  /** Renders one TeX string (built by this script from numbers) into a node. */
  function tex(node, source, display) {
    if (window.katex) {
      window.katex.render(source, node, { displayMode: display !== false, throwOnError: false });
    } else {
      node.textContent = source;
    }
  }

  /** Fetches JSON; a non-2xx answer throws its {"error"} message. */
  async function api(path, options) {
    const res = await fetch(path, options);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new Error((body && body.error) || (res.status + ' ' + res.statusText));
    return body;
  }

  /**
   * One streamed server job: posts the settings, follows the job's Server-Sent Events, and keeps the
   * run and cancel buttons and the status line in step. The Train and Long lags pages share it.
   */
  function jobRunner(runButton, cancelButton, status, failedText) {
    let source = null;
    let jobId = null;

    function finish(message) {
      if (source) source.close();
      source = null;
      runButton.disabled = false;
      cancelButton.disabled = true;
      if (message) status.textContent = message;
    }

    cancelButton.addEventListener('click', async () => {
      if (!jobId) return;
      cancelButton.disabled = true;
      status.textContent = 'Cancelling\u2026';
      try { await api('/api/train/' + jobId + '/cancel', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }); } catch (e) { status.replaceChildren(errorBox(e.message)); }
    });

    /** Posts {@code body} to {@code url}; {@code handlers} maps event names to functions of the parsed data. */
    async function submit(url, body, handlers) {
      let job;
      try {
        job = await api(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      } catch (e) {
        status.replaceChildren(errorBox(e.message));
        return;
      }
      jobId = job.id;
      runButton.disabled = true;
      cancelButton.disabled = false;
      status.textContent = 'Training\u2026';
      source = new EventSource(job.events);
      for (const [name, handle] of Object.entries(handlers)) {
        source.addEventListener(name, ev => handle(JSON.parse(ev.data)));
      }
      source.addEventListener('failed', ev => {
        const d = JSON.parse(ev.data);
        finish();
        status.replaceChildren(errorBox(d.error || failedText));
      });
      source.onerror = () => {
        if (source) {
          finish();
          status.replaceChildren(errorBox('Lost the connection to the server.'));
        }
      };
    }

    return { submit, finish };
  }

  function errorBox(message) {
    return el('div', { class: 'error', role: 'alert', text: message });
  }

  /**
   * The page's one number format: {@code digits} significant digits (4 by default), plain between
   * 0.001 and 100 000, else in exponent form; a value that rounds to 0 is 0 (no "-0", no
   * "1.2e-17" for a zero that rounding left).
   */
  function fmt(v, digits) {
    if (v === null || v === undefined || Number.isNaN(Number(v))) return '\u2014';
    v = Number(v);
    const d = digits || 4;
    const a = Math.abs(v);
    if (a < 1e-12) return '0';
    if (a < 1e-3 || a >= 1e5) return v.toExponential(d - 1).replace('e+', 'e');
    return Number(v.toPrecision(d)).toString();
  }

  /** Reads the page's settings from the URL query, falling back to defaults. */
  function readQuery(defaults) {
    const q = new URLSearchParams(location.search);
    const out = {};
    for (const k of Object.keys(defaults)) out[k] = q.has(k) ? q.get(k) : defaults[k];
    return out;
  }

  function writeQuery(values) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) q.set(k, v);
    history.replaceState(null, '', location.pathname + '?' + q.toString());
  }

  function field(label, input, hint) {
    return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label, hint ? el('span', { class: 'range', text: ' ' + hint }) : null), input);
  }

  /** A form field that takes a whole row where the form is laid out in columns (narrow screens). */
  function wide(fieldNode) {
    fieldNode.classList.add('wide');
    return fieldNode;
  }

  function numberInput(name, value, min, max, step) {
    return el('input', { type: 'number', name: name, id: 'f-' + name, value: value, min: min, max: max, step: step || 1 });
  }

  // The server's fields for every page, with labels, ranges and defaults (GET /api/limits): the
  // page keeps no copy of them. Loaded once by boot() before a page is drawn.
  let LIMITS = null;

  /** A page's field specs from the server. */
  function specs(page) {
    return (LIMITS && LIMITS.fields && LIMITS.fields[page]) || [];
  }

  /** A page's defaults, by field name ('' where a field has none). */
  function defaultsOf(page) {
    const out = {};
    for (const f of specs(page)) out[f.name] = f.default === null || f.default === undefined ? '' : f.default;
    return out;
  }

  /** The range a field accepts, as the page shows it next to the label: "1–128", "(0, 1]". */
  function rangeText(f) {
    if (f.kind === 'seed') return '(any whole number)';
    if (f.min_open) return '(' + fmt(f.min) + ', ' + fmt(f.max) + ']';
    return '(' + fmt(f.min) + '\u2013' + fmt(f.max) + ')';
  }

  /** One labelled input per field of {@code page}, filled from {@code q}; {@code only} picks some. */
  function formFields(page, q, only) {
    return specs(page).filter(f => !only || only.includes(f.name)).map(f => {
      const min = f.kind === 'seed' || f.min_open ? undefined : f.min;
      const input = numberInput(f.name, q[f.name], min, f.kind === 'seed' ? undefined : f.max, f.kind === 'number' ? 'any' : 1);
      input.setAttribute('aria-describedby', 'range-' + f.name);
      const lab = field(f.label, input, rangeText(f));
      lab.querySelector('.range').id = 'range-' + f.name;
      return lab;
    });
  }

  function values(form) {
    const out = {};
    for (const input of form.querySelectorAll('input[name], select[name]')) {
      if (input.type === 'checkbox') continue;
      out[input.name] = input.value;
    }
    return out;
  }

  /*
   * Log-scale y axes. ECharts' own log axis (5.3) labels only every tenth decade once the data
   * spans ten decades or more (its LogScale.calcNiceTicks takes the order of magnitude of the span
   * as the step) and rounds ticks below 1e-10 to 0; gradient norms span more than that. So a log
   * chart plots log10 of its values on a plain value axis (logPoint), with a tick at every decade
   * (every second or fifth past 12 or 24 decades) labelled as the power of ten it stands for, and
   * its tooltip shows the value itself (fromLog). The x axis of such a chart sets axisLine.onZero
   * to false, else ECharts draws it where log10 y = 0, at the value 1.
   */

  /** log10 of a positive finite value; null (a gap in the curve) for anything else. */
  function logPoint(v) {
    return v > 0 && Number.isFinite(v) ? Math.log10(v) : null;
  }

  /** A value back from its log10, formatted for a tooltip. */
  function fromLog(x) {
    return x === null || x === undefined ? '\u2014' : fmt(Math.pow(10, x));
  }

  /** "0.01", "0.1", "1", "10", "100", else "1e-7", "1e5": the label of the decade 10^k. */
  function decadeLabel(k) {
    k = Math.round(k);
    return Math.abs(k) < 3 ? String(Math.pow(10, k)) : '1e' + k;
  }

  /** The decades a log axis over {@code values} (not yet logged) spans: whole, at least two. */
  function decades(values) {
    let lo = Infinity, hi = -Infinity;
    for (const v of values) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!Number.isFinite(lo)) return {};
    const span = Math.ceil(Math.log10(hi)) - Math.floor(Math.log10(lo));
    const step = span <= 12 ? 1 : span <= 24 ? 2 : 5;
    const top = Math.ceil(Math.log10(hi) / step) * step;
    const bottom = Math.min(Math.floor(Math.log10(lo) / step) * step, top - 2 * step);
    return { min: bottom, max: top, interval: step };
  }

  /** A log y axis named {@code name} over {@code values} (not yet logged), each decade labelled. */
  function logAxis(name, values) {
    return { type: 'value', name: name, nameLocation: 'middle', nameGap: 52, axisLine: { onZero: false }, ...decades(values),
      axisLabel: { formatter: decadeLabel, showMinLabel: true, showMaxLabel: true } };
  }

  const charts = [];
  function chart(node) {
    const c = window.echarts.init(node, null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));

  const PALETTE = { lstm: '#0b5cad', rnn: '#c2410c', gru: '#15803d', actual: '#59636e' };
  const NAMES = { lstm: 'LSTM', rnn: 'RNN', gru: 'GRU' };

  const BASE = {
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
    animation: false,
  };

  // ---------------------------------------------------------------------------------------------
  // Quizzes, graded as jupyterquiz grades them

  // Graded as jupyterquiz grades them, and as the terminal quiz (org.lstmlab.web.quiz.QuizGrader)
  // does, so a quiz gives the same verdicts in the browser and in `lstmlab quiz`.
  const CORRECT = 'Correct!';
  const INCORRECT = 'Incorrect. Try again.';
  const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
  const NUMERIC_INPUT = new RegExp('^\\s*(' + NUMBER + ')\\s*(?:/\\s*(' + NUMBER + ')\\s*)?$');

  function matched(a) {
    const fb = a.feedback && String(a.feedback).trim() ? a.feedback : (a.correct ? CORRECT : INCORRECT);
    return { correct: !!a.correct, feedback: String(fb) };
  }

  /** x to p significant digits, as Number(x.toPrecision(p)); no precision leaves x. */
  function roundTo(x, p) {
    if (!p || p <= 0 || x === 0 || !Number.isFinite(x)) return x;
    return Number(x.toPrecision(p));
  }

  /**
   * A numeric answer: "a/b" is a fraction; with a precision, both the submission and each value
   * answer are rounded to that many significant digits before comparing; a range answer is
   * half-open, [lo, hi), on the rounded submission; the first matching answer wins, else the
   * default answer's feedback.
   */
  // Digits grouped in thousands by a comma or a space (plain, no-break, thin, narrow no-break), as
  // QuizGrader.parseNumber reads them: "41,200" and "41 200" are 41200; "1,5" is no number.
  const GROUPED_INPUT = /^\s*([-+]?\d{1,3}(?:[, \u00a0\u2009\u202f]\d{3})+(?:\.\d*)?)\s*$/;

  function gradeNumeric(q, text) {
    const grouped = GROUPED_INPUT.exec(String(text));
    if (grouped) text = grouped[1].replace(/[, \u00a0\u2009\u202f]/g, '');
    const m = NUMERIC_INPUT.exec(String(text));
    if (!m) {
      return { correct: false, feedback: "'" + String(text).trim() + "' is not a number; type e.g. 42, 41,200, 0.5, 1e-3 or 1/3." };
    }
    let x = Number(m[1]);
    if (m[2] !== undefined) x /= Number(m[2]);
    const p = q.precision;
    x = roundTo(x, p);
    let fallback = INCORRECT;
    for (const a of q.answers || []) {
      if (a.value !== undefined && a.value !== null) {
        if (x === roundTo(Number(a.value), p)) return matched(a);
      } else if (Array.isArray(a.range) && a.range.length === 2) {
        if (x >= a.range[0] && x < a.range[1]) return matched(a);
      } else if (a.type === 'default' && a.feedback) {
        fallback = String(a.feedback);
      }
    }
    return { correct: false, feedback: fallback };
  }

  function levenshtein(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) {
        cur[j] = Math.min(cur[j - 1] + 1, prev[j] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  /** A string answer: trimmed, exact with match_case, else ignoring case; fuzzy_threshold allowed. */
  function gradeString(q, text) {
    const sub = String(text).trim();
    let fallback = INCORRECT;
    for (const a of q.answers || []) {
      if (a.type === 'default') fallback = a.feedback ? String(a.feedback) : INCORRECT;
    }
    for (const a of q.answers || []) {
      if (a.type === 'default' || a.answer === undefined || a.answer === null) continue;
      const want = String(a.answer);
      const x = a.match_case ? sub : sub.toLowerCase();
      const y = a.match_case ? want : want.toLowerCase();
      if (x === y) return matched(a);
      if (a.fuzzy_threshold) {
        const longer = Math.max(x.length, y.length);
        const similarity = longer === 0 ? 1 : 1 - levenshtein(x, y) / longer;
        if (similarity >= a.fuzzy_threshold) {
          const r = matched(a);
          return { correct: r.correct, feedback: '(Fuzzy) ' + r.feedback };
        }
      }
    }
    return { correct: false, feedback: fallback };
  }

  function showFeedback(card, box, result) {
    box.textContent = result.feedback;
    box.className = 'quiz-feedback ' + (result.correct ? 'right' : 'wrong');
    card.classList.toggle('correct', result.correct);
    card.classList.toggle('incorrect', !result.correct);
    math(box);
  }

  // Quiz progress stays in this browser (localStorage), never on the server: the key is the quiz
  // file's name and the question's index, e.g. "cell.json#2", set once the question is answered right.
  const PROGRESS_KEY = 'lstmlab.quiz.progress';
  const progressListeners = [];

  function solved() {
    try { return JSON.parse(localStorage.getItem(PROGRESS_KEY) || '{}') || {}; } catch (e) { return {}; }
  }

  function markSolved(key) {
    const all = solved();
    if (all[key]) return;
    all[key] = true;
    try { localStorage.setItem(PROGRESS_KEY, JSON.stringify(all)); } catch (e) { /* storage off: the page still works */ }
    progressListeners.forEach(f => f());
  }

  function clearProgress() {
    try { localStorage.removeItem(PROGRESS_KEY); } catch (e) { /* nothing stored */ }
    document.querySelectorAll('.quiz-card').forEach(c => {
      c.classList.remove('correct', 'incorrect', 'solved');
      const done = c.querySelector('.quiz-done');
      if (done) done.remove();
    });
    progressListeners.forEach(f => f());
  }

  const KINDS = {
    multiple_choice: 'Choose one',
    many_choice: 'Choose all that apply',
    numeric: 'Type a number',
    string: 'Type an answer',
  };

  function quizCard(q, index, quizName) {
    const key = quizName + '#' + index;
    const card = el('div', { class: 'quiz-card', 'data-type': q.type, 'data-index': index, 'data-key': key, role: 'group', 'aria-label': 'Question ' + (index + 1) });
    const verdict = (result) => {
      showFeedback(card, feedback, result);
      if (result.correct) markSolved(key);
    };
    card.appendChild(el('div', { class: 'quiz-kind', text: KINDS[q.type] || String(q.type) }));
    card.appendChild(el('p', { class: 'quiz-question', text: String(q.question || '') }));
    if (q.code) card.appendChild(el('pre', { class: 'quiz-code', text: String(q.code) }));
    const feedback = el('div', { class: 'quiz-feedback', role: 'status' });
    if (q.type === 'multiple_choice' || q.type === 'many_choice') {
      const answers = el('div', { class: 'quiz-answers' });
      const total = (q.answers || []).filter(a => a.correct).length;
      const found = new Set();
      const counter = q.type === 'many_choice'
        ? el('div', { class: 'quiz-counter', text: 'Found 0 of ' + total + ' correct answers' }) : null;
      (q.answers || []).forEach((a, i) => {
        const b = el('button', { type: 'button', class: 'quiz-answer', 'aria-pressed': 'false', text: String(a.answer === undefined ? '' : a.answer) });
        b.addEventListener('click', () => {
          if (q.type === 'multiple_choice') answers.querySelectorAll('.quiz-answer').forEach(x => { x.classList.remove('right', 'wrong'); x.setAttribute('aria-pressed', 'false'); });
          b.classList.add(a.correct ? 'right' : 'wrong');
          b.setAttribute('aria-pressed', 'true');
          if (a.correct) found.add(i);
          const r = matched(a);
          showFeedback(card, feedback, r);
          if (r.correct && (q.type === 'multiple_choice' || found.size === total)) markSolved(key);
          if (counter) {
            counter.textContent = 'Found ' + found.size + ' of ' + total + ' correct answers' + (found.size === total ? ' — all found.' : '');
          }
        });
        answers.appendChild(b);
      });
      card.appendChild(answers);
      card.appendChild(feedback);
      if (counter) card.appendChild(counter);
    } else if (q.type === 'numeric' || q.type === 'string') {
      const input = el('input', { type: 'text', class: 'quiz-text', 'aria-label': 'Your answer', autocomplete: 'off', inputmode: q.type === 'numeric' ? 'decimal' : 'text' });
      const check = () => verdict(q.type === 'numeric' ? gradeNumeric(q, input.value) : gradeString(q, input.value));
      input.addEventListener('keydown', e => { if (e.key === 'Enter') check(); });
      const button = el('button', { type: 'button', class: 'secondary quiz-check', text: 'Check', onclick: check });
      card.appendChild(el('div', { class: 'quiz-input' }, input, button));
      card.appendChild(feedback);
    } else {
      card.appendChild(errorBox('Unknown question type: ' + String(q.type)));
    }
    if (solved()[key]) {
      card.classList.add('solved');
      card.appendChild(el('div', { class: 'quiz-done', text: '\u2713 You answered this one correctly before (saved in this browser).' }));
    }
    math(card);
    return card;
  }

  function quizBlock(quiz) {
    const box = el('div', { class: 'quiz', 'data-quiz': quiz.name });
    if (quiz.error) {
      box.appendChild(errorBox(quiz.error));
      return box;
    }
    quiz.questions.forEach((q, i) => box.appendChild(quizCard(q, i, quiz.name)));
    return box;
  }

  // ---------------------------------------------------------------------------------------------
  // Lesson

  const GATE_TO_EQ = {
    'gate-i': 'eq-i', 'gate-f': 'eq-f', 'gate-g': 'eq-g', 'gate-o': 'eq-o',
    'cell-state': 'eq-c', 'hidden-state': 'eq-h',
  };

  /** Parses the diagram as SVG and drops anything that could run: scripts, handlers, links. */
  function safeSvg(text) {
    // Event-handler attributes are cut from the text first so the parser never sees one (the
    // page's policy would refuse it anyway); the walk below removes whatever the pattern missed.
    const cleaned = String(text).replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    const doc = new DOMParser().parseFromString(cleaned, 'image/svg+xml');
    const svg = doc.documentElement;
    if (!svg || svg.nodeName.toLowerCase() !== 'svg') return null;
    svg.querySelectorAll('script, foreignObject, iframe').forEach(n => n.remove());
    for (const n of [svg, ...svg.querySelectorAll('*')]) {
      for (const attr of [...n.attributes]) {
        const name = attr.name.toLowerCase();
        const val = attr.value.trim().toLowerCase();
        if (name.startsWith('on') || ((name === 'href' || name === 'xlink:href') && !val.startsWith('#'))) n.removeAttribute(attr.name);
      }
    }
    return document.importNode(svg, true);
  }

  /**
   * Links the diagram's parts to the lesson's equations: an element with data-equation="eq-…"
   * (or one of the ids gate-i … hidden-state) lights its equation on hover and jumps to it on a
   * click; pointing at an equation lights its parts.
   */
  function linkDiagram(svg, root) {
    const parts = new Map(); // equation id -> diagram elements
    for (const n of svg.querySelectorAll('[data-equation], [id]')) {
      const eqId = n.getAttribute('data-equation') || GATE_TO_EQ[n.id];
      if (!eqId || !root.querySelector('#' + CSS.escape(eqId))) continue;
      if (!parts.has(eqId)) parts.set(eqId, []);
      parts.get(eqId).push(n);
    }
    const light = (eqId, on) => {
      for (const n of parts.get(eqId) || []) {
        n.classList.toggle('gate-hl', on);
        n.classList.toggle('highlight', on);
      }
      const eq = root.querySelector('#' + CSS.escape(eqId));
      if (eq) eq.classList.toggle('eq-hl', on);
    };
    for (const [eqId, nodes] of parts) {
      for (const n of nodes) {
        n.style.cursor = 'pointer';
        // Keyboard too: each part is a focusable button that lights and jumps to its equation.
        n.setAttribute('tabindex', '0');
        n.setAttribute('role', 'button');
        n.setAttribute('aria-label', 'equation of ' + (n.getAttribute('data-label') || n.id || eqId).replace(/^gate-/, 'gate ').replace(/-/g, ' '));
        n.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); n.dispatchEvent(new MouseEvent('click')); } });
        n.addEventListener('focus', () => light(eqId, true));
        n.addEventListener('blur', () => light(eqId, false));
        n.addEventListener('mouseenter', () => light(eqId, true));
        n.addEventListener('mouseleave', () => light(eqId, false));
        n.addEventListener('click', () => {
          for (const other of parts.keys()) light(other, false);
          light(eqId, true);
          root.querySelector('#' + CSS.escape(eqId)).scrollIntoView({ behavior: 'smooth', block: 'center' });
        });
      }
      const eq = root.querySelector('#' + CSS.escape(eqId));
      eq.addEventListener('mouseenter', () => light(eqId, true));
      eq.addEventListener('mouseleave', () => light(eqId, false));
    }
    svg.dataset.linked = String(parts.size);
  }

  /** The count of questions answered right, overall and per section (a check mark when all are). */
  function showProgress(prose, toc, box) {
    const all = solved();
    let total = 0, right = 0;
    for (const sec of prose.querySelectorAll('section[data-section]')) {
      const keys = [...sec.querySelectorAll('.quiz-card')].map(c => c.dataset.key);
      const n = keys.filter(k => all[k]).length;
      total += keys.length;
      right += n;
      const mark = toc.querySelector('a[data-section="' + sec.dataset.section + '"] .done-mark');
      if (mark) mark.textContent = keys.length && n === keys.length ? ' \u2713' : '';
      const link = toc.querySelector('a[data-section="' + sec.dataset.section + '"]');
      if (link && keys.length) link.title = n + ' of ' + keys.length + ' questions answered';
    }
    box.replaceChildren('Quizzes: ' + right + ' of ' + total + ' questions answered correctly' + (total && right === total ? ' \u2014 all done!' : '.'),
      el('br'), el('button', { type: 'button', id: 'quiz-reset', onclick: clearProgress, text: 'Forget my answers' }));
    box.dataset.right = String(right);
    box.dataset.total = String(total);
  }

  /** Marks the contents entry of the section being read with aria-current, as the reader scrolls. */
  function markCurrentSection(prose, toc) {
    const sections = [...prose.querySelectorAll('section[data-section]')];
    const visible = new Map();
    const mark = () => {
      // The first section (in reading order) that shows at least part of itself below the header.
      const current = sections.find(s => visible.get(s)) || null;
      for (const a of toc.querySelectorAll('a[data-section]')) {
        if (current && a.dataset.section === current.dataset.section) a.setAttribute('aria-current', 'location');
        else a.removeAttribute('aria-current');
      }
    };
    if (!('IntersectionObserver' in window)) return;
    const header = document.querySelector('header.top');
    const top = header ? header.offsetHeight : 0;
    const observer = new IntersectionObserver(entries => {
      for (const e of entries) visible.set(e.target, e.isIntersecting);
      mark();
    }, { rootMargin: '-' + (top + 8) + 'px 0px -55% 0px' });
    sections.forEach(s => observer.observe(s));
  }

  async function lessonPage(main) {
    main.appendChild(el('h1', { text: 'Long short-term memory, step by step' }));
    main.appendChild(el('p', { class: 'lead', text: 'Why recurrent networks forget, how the LSTM\u2019s gates and its cell state fix that, and how to train one. Check yourself with the quizzes as you go; the other tabs let you train and look inside the networks.' }));
    let lesson;
    try {
      lesson = await api('/api/lesson');
    } catch (e) {
      main.appendChild(errorBox('Could not load the lesson: ' + e.message));
      return;
    }
    if (lesson.error) main.appendChild(errorBox(lesson.error));
    const toc = el('ol');
    const prose = el('div', { class: 'prose' });
    for (const s of lesson.sections) {
      const sec = el('section', { id: 'section-' + s.id, 'data-section': s.id });
      const body = el('div', { class: 'section-body' });
      if (s.html) {
        body.innerHTML = s.html; // the project's own lesson text, not user input
        body.querySelectorAll('script').forEach(n => n.remove());
      }
      // A fragment may bring its own heading; otherwise the index's title is the heading.
      const first = body.firstElementChild;
      if (!first || first.tagName !== 'H2') sec.appendChild(el('h2', { text: s.title }));
      if (s.error) sec.appendChild(errorBox(s.error));
      if (s.html) sec.appendChild(body);
      for (const quiz of s.quizzes || []) sec.appendChild(quizBlock(quiz));
      prose.appendChild(sec);
      toc.appendChild(el('li', {}, el('a', { href: '#section-' + s.id, 'data-section': s.id }, s.title, el('span', { class: 'done-mark', 'aria-hidden': 'true' }))));
    }
    const progress = el('div', { class: 'progress', id: 'quiz-progress', role: 'status' });
    main.appendChild(el('div', { class: 'lesson' }, el('aside', { class: 'toc' }, el('nav', { 'aria-label': 'Sections' }, toc), progress), prose));
    showProgress(prose, toc, progress);
    progressListeners.push(() => showProgress(prose, toc, progress));
    markCurrentSection(prose, toc);
    for (const sec of prose.querySelectorAll('.section-body')) math(sec);
    if (lesson.diagram) {
      try {
        const svg = safeSvg(await (await fetch('/api/lesson/diagram.svg')).text());
        if (svg) {
          svg.removeAttribute('width');
          svg.removeAttribute('height');
          svg.setAttribute('id', 'cell-diagram-svg');
          // Where the lesson shows the diagram as an image, the inline copy takes its place, so its
          // parts can be pointed at; else it goes into a marked slot or before the equations.
          const img = prose.querySelector('img[src$="lstm-cell.svg"]');
          const slot = prose.querySelector('[data-figure="lstm-cell"]');
          const caption = () => el('figcaption', { text: 'Point at a gate or a state to light its equation; click to jump to it.' });
          if (img) {
            img.replaceWith(svg);
            const fig = svg.closest('figure');
            if (fig) {
              fig.classList.add('figure');
              fig.id = fig.id || 'cell-diagram';
              fig.appendChild(el('p', { class: 'note', text: 'Point at a gate or a state to light its equation; click to jump to it.' }));
            }
          } else {
            const fig = el('figure', { class: 'figure', id: 'cell-diagram' }, svg, caption());
            const eq = prose.querySelector('#eq-i');
            if (slot) slot.replaceWith(fig);
            else if (eq) eq.before(fig);
            else prose.prepend(fig);
          }
          linkDiagram(svg, prose);
        }
      } catch (e) {
        prose.prepend(errorBox('Could not load the cell diagram: ' + e.message));
      }
    }
    if (location.hash) {
      const target = document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Series

  async function seriesPage(main) {
    main.appendChild(el('h1', { text: 'The synthetic series' }));
    main.appendChild(el('p', { class: 'lead', text: 'The notebook\u2019s series: products of sines and cosines on [0, 10\u03c0] plus Gaussian noise. Drag or scroll on the plot to zoom, use the slider to pan, and point at a value to read it. The same seed always gives the same series.' }));
    const s = readQuery(defaultsOf('series'));
    const form = el('form', { class: 'controls', id: 'series-form' },
      ...formFields('series', s),
      el('button', { type: 'submit', class: 'primary', text: 'Draw' }));
    const status = el('div', { class: 'status' });
    const plot = el('div', { class: 'chart', id: 'series-chart' });
    main.appendChild(el('div', { class: 'panel' }, form, status));
    main.appendChild(el('div', { class: 'panel' }, plot));
    const c = chart(plot);
    async function draw() {
      const v = values(form);
      writeQuery(v);
      try {
        const d = await api('/api/series?' + new URLSearchParams(v));
        status.textContent = d.length + ' points, noise ' + d.noise + ', seed ' + d.seed;
        c.setOption({
          ...BASE,
          tooltip: { trigger: 'axis', valueFormatter: x => fmt(x) },
          legend: { top: 0 },
          grid: { left: 50, right: 20, top: 40, bottom: 70 },
          xAxis: { type: 'value', name: 't', min: 0, max: d.time[d.time.length - 1], axisLine: { onZero: false }, axisLabel: { formatter: x => fmt(x, 3) } },
          yAxis: { type: 'value', scale: true },
          dataZoom: [{ type: 'inside' }, { type: 'slider', height: 22, bottom: 15 }],
          series: [
            { name: 'series', type: 'line', showSymbol: false, data: d.time.map((t, i) => [t, d.values[i]]), lineStyle: { width: 1.5 }, color: PALETTE.lstm },
            { name: 'signal without noise', type: 'line', showSymbol: false, data: d.time.map((t, i) => [t, d.signal[i]]), lineStyle: { width: 1, type: 'dashed' }, color: PALETTE.actual },
          ],
        }, true);
      } catch (e) {
        status.replaceChildren(errorBox(e.message));
      }
    }
    form.addEventListener('submit', e => { e.preventDefault(); draw(); });
    form.addEventListener('change', () => draw());
    await draw();
  }

  // ---------------------------------------------------------------------------------------------
  // Live training

  /** "the LSTM", "the LSTM and the RNN", "the LSTM, the RNN and the GRU". */
  function modelList(models) {
    const names = models.map(m => 'the ' + NAMES[m]);
    if (names.length <= 1) return names.join('');
    return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
  }

  function percent(fraction) {
    return fmt(100 * Number(fraction), 3) + '%';
  }

  /** "LSTM beats every baseline on held-out MSE; RNN does not beat the best baseline …." */
  function verdictText(models, results) {
    return models.map(m => NAMES[m] + (results[m].beats_baselines ? ' beats every baseline' : ' does not beat the best baseline') + ' on held-out MSE').join('; ') + (models.length ? '.' : '');
  }

  const METRIC_NAMES = { mse: 'MSE', mae: 'MAE', rmse: 'RMSE', mape: 'MAPE %', smape: 'sMAPE %', r2: 'R\u00b2', mase: 'MASE' };
  const BASELINE_NAMES = { naive: 'naive (last value)', seasonal_naive: 'seasonal naive', drift: 'drift', mean: 'mean (of training)' };

  async function trainPage(main) {
    const heading = el('h1', { id: 'train-title' });
    const lead = el('p', { class: 'lead', id: 'train-lead' });
    main.appendChild(heading);
    main.appendChild(lead);
    const q = readQuery({ models: LIMITS.default_models.join(','), ...defaultsOf('train'), run: '0' });
    const chosen = new Set(String(q.models).split(','));
    const checks = el('div', { class: 'checks', role: 'group', 'aria-label': 'models' }, ...LIMITS.models.map(m =>
      el('label', {}, el('input', { type: 'checkbox', value: m, 'data-model': m, checked: chosen.has(m) }), ' ' + NAMES[m])));
    const form = el('form', { class: 'controls', id: 'train-form' },
      el('div', { class: 'field wide' }, el('span', { class: 'field-label', text: 'models' }), checks),
      ...formFields('train', q));
    const trainButton = el('button', { type: 'submit', class: 'primary', id: 'train-button', text: 'Train', form: 'train-form' });
    const cancelButton = el('button', { type: 'button', class: 'secondary', id: 'cancel-button', text: 'Cancel', disabled: true });
    form.appendChild(el('div', { class: 'field wide' }, el('div', { class: 'checks' }, trainButton, cancelButton)));
    const status = el('div', { class: 'status', id: 'train-status' });
    main.appendChild(el('div', { class: 'panel' }, form, status));
    const lossRow = el('div', { class: 'row', id: 'loss-charts' });
    const predPanel = el('div', { class: 'chart', id: 'prediction-chart' });
    const table = el('div', { id: 'metrics', class: 'table-scroll' });
    const verdict = el('p', { id: 'verdict' });
    const mapeNote = el('p', { class: 'note', id: 'mape-note', hidden: true, text: 'MAPE is left out: some held-out values come close to zero (within 1% of their mean absolute value), where a percentage error blows up and says nothing about the forecast. sMAPE and MASE stay meaningful.' });
    main.appendChild(el('h2', { text: 'Loss per epoch' }));
    main.appendChild(el('div', { class: 'panel' }, lossRow, el('p', { class: 'note', text: 'Mean squared error on the series as the models read it (raw values, as the notebook), log scale, one scale for every model so the curves compare by eye. Training loss is measured during each epoch, held-out loss after it; the held-out windows never train the models.' })));
    main.appendChild(el('h2', { text: 'Actual and predicted' }));
    main.appendChild(el('div', { class: 'panel' }, predPanel));
    main.appendChild(el('h2', { text: 'Held-out metrics' }));
    main.appendChild(el('div', { class: 'panel' }, table, verdict, mapeNote, el('p', { class: 'note', text: 'On the held-out windows, in the series\u2019 own units. The naive forecast repeats the last value, drift carries on the line from the first to the last value, the mean forecast always predicts the training part\u2019s mean. MASE divides the mean absolute error by that of the naive forecast on the training part: below 1 is better than its typical error. A model is only useful if it beats every baseline.' })));

    const predChart = chart(predPanel);

    function ticked() {
      return [...checks.querySelectorAll('input:checked')].map(i => i.value);
    }

    /** The title and the lead follow the ticked models and the held-out fraction. */
    function describe() {
      const models = ticked();
      const list = models.length ? modelList(models) : 'the models';
      heading.textContent = 'Train ' + list + (models.length > 1 ? ' side by side' : '');
      const held = Number(form.querySelector('[name=holdout]').value);
      lead.textContent = 'Choose the models and their settings and press Train. The server trains ' + list + ' with the library\u2019s forecasting pipeline on the first ' + percent(1 - held) + ' of the series and measures ' + (models.length > 1 ? 'them' : 'it') + ' after every epoch on the last ' + percent(held) + ', held out. The defaults are the notebook\u2019s and lstmlab demo\u2019s: the same series, the same models, the same numbers. The settings and the seed are in the address bar: share it, and the run replays with the same numbers.';
    }
    form.addEventListener('change', describe);
    describe();

    function settings() {
      const v = values(form);
      v.models = ticked().join(',');
      return v;
    }

    const runner = jobRunner(trainButton, cancelButton, status, 'training failed');

    async function start() {
      const s = settings();
      writeQuery({ ...s, run: 1 });
      status.replaceChildren();
      lossRow.replaceChildren();
      table.replaceChildren();
      verdict.textContent = '';
      mapeNote.hidden = true;
      predChart.clear();
      const losses = {};
      const lossCharts = {};
      const results = {};
      let start = null;

      /** One y scale for every loss chart: the range of every model's losses so far. */
      function shareScale() {
        const range = decades(Object.values(losses).flatMap(l => l.train.concat(l.validation)).map(p => p[1]));
        if (range.min === undefined) return;
        for (const c of Object.values(lossCharts)) {
          c.setOption({ yAxis: range });
          c.getDom().dataset.yMin = String(range.min);
          c.getDom().dataset.yMax = String(range.max);
        }
      }

      await runner.submit('/api/train', s, {
        start: d => {
          start = d;
          for (const m of start.models) {
            const node = el('div', { class: 'chart small', id: 'loss-' + m, 'data-model': m });
            lossRow.appendChild(el('div', {}, el('h3', { text: NAMES[m] }), node));
            losses[m] = { train: [], validation: [] };
            lossCharts[m] = chart(node);
            lossCharts[m].setOption({
              ...BASE,
              tooltip: { trigger: 'axis', valueFormatter: fromLog },
              legend: { top: 0 },
              grid: { left: 60, right: 16, top: 36, bottom: 48 },
              xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, axisLine: { onZero: false }, min: 1, max: Number(s.epochs), minInterval: 1 },
              yAxis: logAxis('', []),
              series: [
                { name: 'training', type: 'line', showSymbol: false, data: [], color: PALETTE[m] },
                { name: 'held-out', type: 'line', showSymbol: false, data: [], color: PALETTE[m], lineStyle: { type: 'dashed' } },
              ],
            });
          }
          Object.values(lossCharts).forEach(c => c.resize()); // the row's columns are settled now
          drawPredictions(start, results);
          drawTable(start, results);
        },
        epoch: e => {
          const l = losses[e.model];
          l.train.push([e.epoch, e.train_loss]);
          l.validation.push([e.epoch, e.validation_loss]);
          const logged = points => points.map(p => [p[0], logPoint(p[1])]);
          lossCharts[e.model].setOption({ series: [{ data: logged(l.train) }, { data: logged(l.validation) }] });
          lossCharts[e.model].getDom().dataset.epochs = String(e.epoch);
          shareScale();
          status.textContent = NAMES[e.model] + ': epoch ' + e.epoch + ' of ' + s.epochs + ', training loss ' + fmt(e.train_loss) + ', held-out loss ' + fmt(e.validation_loss);
        },
        model: r => {
          results[r.model] = r;
          drawPredictions(start, results);
          drawTable(start, results);
        },
        done: d => {
          drawTable(start, results);
          const messages = Object.values(results).map(r => NAMES[r.model] + ': ' + r.message).join('; ');
          runner.finish(d.status === 'completed' ? 'Done. ' + messages : d.status === 'cancelled' ? 'Cancelled. ' + messages : 'Failed. ' + messages);
          main.dataset.trainDone = d.status;
        },
      });
    }

    function drawPredictions(start, results) {
      if (!start) return;
      const last = start.series.length - 1;
      const series = [{ name: 'actual', type: 'line', showSymbol: false, data: start.series.map((v, i) => [i, v]), color: PALETTE.actual, lineStyle: { width: 1.2 },
        markArea: { silent: true, itemStyle: { color: 'rgba(11, 92, 173, 0.08)' }, label: { color: '#59636e', position: 'insideTop' }, data: [[{ xAxis: start.heldout_from, name: 'held out' }, { xAxis: last }]] } }];
      for (const m of start.models) {
        const r = results[m];
        if (!r || !r.predictions) continue;
        series.push({ name: NAMES[m], type: 'line', showSymbol: false, color: PALETTE[m], data: r.predictions.map((v, i) => [i + start.first_target, v]) });
      }
      predChart.setOption({
        ...BASE,
        tooltip: { trigger: 'axis', valueFormatter: x => fmt(x) },
        legend: { top: 0 },
        grid: { left: 50, right: 24, top: 40, bottom: 92 },
        xAxis: { type: 'value', name: 'point', nameLocation: 'middle', nameGap: 26, min: 0, max: last, axisLine: { onZero: false } },
        yAxis: { type: 'value', scale: true, axisLabel: { formatter: x => fmt(x, 3) } },
        dataZoom: [{ type: 'inside' }, { type: 'slider', height: 22, bottom: 15 }],
        series: series,
      }, true);
      predChart.getDom().dataset.models = String(Object.keys(results).length);
    }

    function drawTable(start, results) {
      if (!start) return;
      const keys = ['mse', 'mae', 'rmse', 'mape', 'smape', 'r2', 'mase'];
      const unreliable = !!start.mape_unreliable;
      const cell = (metrics, k) => {
        if (k === 'mape' && unreliable) return el('td', { class: 'na', title: 'left out: held-out values near zero', text: 'n/a' });
        return el('td', { 'data-key': k, text: metrics ? fmt(metrics[k]) : '\u2014' });
      };
      const head = el('tr', {}, el('th', { text: 'forecast' }), ...keys.map(k => el('th', { text: METRIC_NAMES[k] })));
      const rows = [];
      for (const m of start.models) {
        const r = results[m];
        const label = NAMES[m] + (r && r.stop_reason !== 'COMPLETED' ? ' (' + r.stop_reason.toLowerCase() + ')' : r ? '' : ' (training\u2026)');
        const metrics = r && r.metrics && !r.metrics.error ? r.metrics : null;
        rows.push(el('tr', { 'data-model': m }, el('td', { text: label }), ...keys.map(k => cell(metrics, k))));
      }
      for (const [name, b] of Object.entries(start.baselines || {})) {
        rows.push(el('tr', { class: 'baseline', 'data-baseline': name }, el('td', { text: (BASELINE_NAMES[name] || name) + ' baseline' }), ...keys.map(k => cell(b, k))));
      }
      table.replaceChildren(el('table', { class: 'metrics', id: 'metrics-table' }, el('thead', {}, head), el('tbody', {}, rows)));
      mapeNote.hidden = !unreliable;
      const done = start.models.filter(m => results[m] && results[m].metrics && !results[m].metrics.error);
      verdict.textContent = verdictText(done, results);
    }

    form.addEventListener('submit', e => { e.preventDefault(); start(); });
    if (q.run === '1') start();
  }

  // ---------------------------------------------------------------------------------------------
  // Gate explorer

  const GATE_INFO = {
    i: { title: 'input gate i', range: [0, 1] },
    f: { title: 'forget gate f', range: [0, 1] },
    g: { title: 'candidate g', range: [-1, 1] },
    o: { title: 'output gate o', range: [0, 1] },
    c: { title: 'cell state c', range: null },
    h: { title: 'hidden state h', range: [-1, 1] },
  };

  async function gatesPage(main) {
    main.appendChild(el('h1', { text: 'Inside the cell: the gate explorer' }));
    main.appendChild(el('p', { class: 'lead', text: 'An LSTM reads one window of the series. Each heatmap shows one gate or state: time steps across, hidden units down. Point at a cell to read its value, click it to fill the six equations in with the numbers of that unit and step.' }));
    const q = readQuery(defaultsOf('gates'));
    const form = el('form', { class: 'controls', id: 'gates-form' },
      ...formFields('gates', q),
      el('button', { type: 'submit', class: 'primary', text: 'Show' }));
    const status = el('div', { class: 'status', id: 'gates-status' });
    main.appendChild(el('div', { class: 'panel' }, form, status));
    const grid = el('div', { class: 'grid3', id: 'gate-heatmaps' });
    main.appendChild(el('div', { class: 'panel' }, grid));
    const eqPanel = el('div', { class: 'equations', id: 'gate-equations' });
    const linePanel = el('div', { class: 'chart small', id: 'gate-lines' });
    const unitInput = numberInput('unit', 0, 0, 0);
    const stepInput = numberInput('step', 0, 0, 0);
    const picker = el('div', { class: 'controls' }, field('unit j', unitInput), field('step t', stepInput));
    picker.addEventListener('change', () => select(Number(unitInput.value), Number(stepInput.value)));
    main.appendChild(el('div', { class: 'panel' }, el('h3', { id: 'eq-title', text: 'The six equations' }), picker, eqPanel));
    main.appendChild(el('div', { class: 'panel' }, el('h3', { id: 'line-title', text: 'One unit over time' }), linePanel));
    const heat = {};
    for (const k of Object.keys(GATE_INFO)) {
      const node = el('div', { class: 'chart', id: 'heat-' + k });
      grid.appendChild(el('div', {}, node));
      heat[k] = chart(node);
    }
    const lines = chart(linePanel);
    let data = null;

    function select(unit, step) {
      if (!data) return;
      unit = Math.max(0, Math.min(data.hidden - 1, Number.isFinite(unit) ? unit : 0));
      step = Math.max(0, Math.min(data.window - 1, Number.isFinite(step) ? step : 0));
      unitInput.value = unit;
      unitInput.max = data.hidden - 1;
      stepInput.value = step;
      stepInput.max = data.window - 1;
      const G = data.gates;
      const v = (k) => G[k][step][unit];
      const n = (x) => fmt(x, 3);
      const term = (k) => [data.wx[k][step][unit], data.wh[k][step][unit], data.bias[k][unit]];
      const gateLine = (k, fn, label) => {
        const [a, b, c] = term(k);
        const z = a + b + c;
        return label + '_t = ' + fn + '(W_{i' + k + '} x_t + W_{h' + k + '} h_{t-1} + b_' + k + ') = ' + fn + '(' + n(a) + ' + ' + paren(n(b)) + ' + ' + paren(n(c)) + ') = ' + fn + '(' + n(z) + ') = ' + n(v(k));
      };
      const cPrev = step > 0 ? G.c[step - 1][unit] : 0;
      const lines_ = [
        gateLine('i', '\\sigma', 'i'),
        gateLine('f', '\\sigma', 'f'),
        gateLine('g', '\\tanh', 'g'),
        gateLine('o', '\\sigma', 'o'),
        'c_t = f_t\\,c_{t-1} + i_t\\,g_t = ' + n(v('f')) + '\\cdot' + paren(n(cPrev)) + ' + ' + n(v('i')) + '\\cdot' + paren(n(v('g'))) + ' = ' + n(v('c')),
        'h_t = o_t \\tanh(c_t) = ' + n(v('o')) + '\\cdot\\tanh(' + n(v('c')) + ') = ' + n(v('h')),
      ];
      eqPanel.replaceChildren();
      for (const line of lines_) {
        const d = el('div', { class: 'eq-line' });
        tex(d, line, true);
        eqPanel.appendChild(d);
      }
      document.getElementById('eq-title').textContent = 'Unit ' + unit + ', step t = ' + step + ' (x_t = ' + fmt(data.input[step], 3) + ', standardised)';
      document.getElementById('line-title').textContent = 'Unit ' + unit + ' over the window';
      const steps = data.input.map((_, t) => t);
      lines.setOption({
        ...BASE,
        tooltip: { trigger: 'axis', valueFormatter: x => fmt(x, 3) },
        legend: { top: 0, type: 'scroll' }, // seven entries: one line that scrolls, never over the plot
        grid: { left: 45, right: 16, top: 40, bottom: 44 },
        xAxis: { type: 'category', data: steps, name: 't', nameLocation: 'middle', nameGap: 24 },
        yAxis: { type: 'value', scale: true },
        series: [
          { name: 'x', type: 'line', data: data.input, color: '#59636e', lineStyle: { type: 'dashed' } },
          ...['i', 'f', 'g', 'o', 'c', 'h'].map(k => ({ name: k, type: 'line', data: G[k].map(r => r[unit]), markLine: k === 'h' ? { silent: true, symbol: 'none', data: [{ xAxis: step }], lineStyle: { color: '#c98a00' } } : undefined })),
        ],
      }, true);
      eqPanel.dataset.unit = String(unit);
      eqPanel.dataset.step = String(step);
    }

    function paren(s) { return s.startsWith('-') ? '(' + s + ')' : s; }

    async function draw() {
      const v = values(form);
      writeQuery(v);
      status.textContent = 'Computing\u2026';
      try {
        data = await api('/api/gates?' + new URLSearchParams(v));
      } catch (e) {
        status.replaceChildren(errorBox(e.message));
        return;
      }
      form.querySelector('[name=start]').value = data.start;
      form.querySelector('[name=start]').max = data.max_start;
      document.getElementById('range-start').textContent = ' (0\u2013' + data.max_start + ' for this series and window)';
      status.textContent = (data.epochs === 0 ? 'A freshly initialised LSTM' : 'An LSTM trained for ' + data.epochs + ' epochs (Adam, lr 0.01)') + ', H = ' + data.hidden + ', reading points ' + data.start + '\u2013' + (data.start + data.window - 1) + '; it predicts ' + fmt(data.prediction, 3) + ' for the next point, which is ' + fmt(data.actual, 3) + '.';
      const steps = data.input.map((_, t) => t);
      const units = Array.from({ length: data.hidden }, (_, j) => j);
      for (const [k, info] of Object.entries(GATE_INFO)) {
        const cells = [];
        let lo = Infinity, hi = -Infinity;
        data.gates[k].forEach((row, t) => row.forEach((x, j) => { cells.push([t, j, x]); lo = Math.min(lo, x); hi = Math.max(hi, x); }));
        const range = info.range || [Math.min(-1, lo), Math.max(1, hi)];
        heat[k].setOption({
          ...BASE,
          title: { text: info.title, left: 'center', top: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
          tooltip: { formatter: p => info.title + '<br>unit ' + p.data[1] + ', t = ' + p.data[0] + ': <b>' + fmt(p.data[2], 4) + '</b>' },
          grid: { left: 36, right: 12, top: 26, bottom: 48 },
          xAxis: { type: 'category', data: steps, name: 't', nameGap: 4, splitArea: { show: true } },
          yAxis: { type: 'category', data: units, inverse: true, splitArea: { show: true } },
          visualMap: { min: range[0], max: range[1], calculable: false, text: [fmt(range[1], 2), fmt(range[0], 2)], textGap: 6, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10, textStyle: { fontSize: 10 },
            inRange: { color: info.range && info.range[0] === 0 ? ['#f7fbff', '#6baed6', '#08306b'] : ['#b2182b', '#f7f7f7', '#2166ac'] } },
          series: [{ type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: '#111', borderWidth: 1 } } }],
        }, true);
        heat[k].off('click');
        heat[k].on('click', p => select(p.data[1], p.data[0]));
        heat[k].getDom().dataset.cells = String(cells.length);
      }
      select(0, data.window - 1);
    }
    form.addEventListener('submit', e => { e.preventDefault(); draw(); });
    await draw();
  }

  // ---------------------------------------------------------------------------------------------
  // Gradient flow

  /**
   * What the gradient curves mean, for what they show: freshly initialised models, or models
   * trained for {@code epochs} on the series (the third curve's b_f is then where training began).
   */
  function gradientNote(epochs, bf) {
    const path = 'the additive path $c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$';
    if (epochs === 0) {
      return 'These are freshly initialised models. At initialisation the LSTM\u2019s forget gate is about $\\sigma(0) = 0.5$, so its cell state halves the gradient at every step, much as the RNN\u2019s recurrent weights shrink it.'
        + (bf === null ? '' : ' The third curve sets the forget-gate bias $b_f = ' + bf + '$ before training: with $f_t = \\sigma(b_f + \\dots)$ close to 1, ' + path + ' carries the gradient back almost unchanged.')
        + ' That path is what the LSTM adds; set epochs above 0 to see whether training keeps it open.';
    }
    return 'These models were trained for ' + epochs + ' epoch' + (epochs === 1 ? '' : 's') + ' on the series, so the curves show what training made of them, not their initialisation. The LSTM\u2019s forget gates are now what the series asked for: a task that needs only the last few values lets them close, and the gradient from far back fades; one that needs a long memory keeps ' + path + ' open.'
      + (bf === null ? '' : ' The third LSTM began its training with the forget-gate bias $b_f = ' + bf + '$ (gates near 1); its curve shows how much of that open path training kept.')
      + ' Set epochs to 0 to compare with the untrained models.';
  }

  async function gradientsPage(main) {
    main.appendChild(el('h1', { text: 'Gradient flow: how far back can a network learn?' }));
    main.appendChild(el('p', { class: 'lead', text: 'The size of the gradient of the loss with respect to each earlier input, \u2016\u2202L/\u2202x_t\u2016, for an RNN and an LSTM of the same size and seed on the same windows. The prediction is made after the last step; where the curve has fallen by many powers of ten, that input can no longer teach the network anything. Note the logarithmic scale.' }));
    const q = readQuery(defaultsOf('gradients'));
    const form = el('form', { class: 'controls', id: 'gradients-form' },
      ...formFields('gradients', q),
      el('button', { type: 'submit', class: 'primary', text: 'Compute' }));
    const status = el('div', { class: 'status', id: 'gradients-status' });
    main.appendChild(el('div', { class: 'panel' }, form, status));
    const plot = el('div', { class: 'chart', id: 'gradient-chart' });
    const note = el('p', { class: 'note', id: 'gradients-note' });
    main.appendChild(el('div', { class: 'panel' }, plot, note));
    const c = chart(plot);
    async function draw() {
      const v = values(form);
      writeQuery(v);
      status.textContent = 'Computing\u2026';
      let d, open;
      try {
        d = await api('/api/gradients?' + new URLSearchParams({ ...v, forget_bias: '' }));
        open = await api('/api/gradients?' + new URLSearchParams(v));
      } catch (e) {
        status.replaceChildren(errorBox(e.message));
        return;
      }
      const T = d.window;
      const lag = (arr) => arr.map((x, t) => [T - 1 - t, logPoint(x)]);
      const ratio = (arr) => fmt(arr[0] / arr[T - 1], 2);
      const bf = open.forget_bias;
      status.textContent = (d.epochs === 0 ? 'Freshly initialised models' : 'Models trained for ' + d.epochs + ' epochs') + ', H = ' + d.hidden + ', T = ' + T + ', over ' + d.windows + ' test windows. Gradient at the oldest step relative to the newest: RNN ' + ratio(d.rnn.norm) + ', LSTM ' + ratio(d.lstm.norm) + (bf === null ? '' : ', LSTM with b_f = ' + bf + ': ' + ratio(open.lstm.norm)) + '.';
      note.textContent = gradientNote(d.epochs, bf);
      note.dataset.epochs = String(d.epochs);
      math(note);
      const series = [
        { name: 'RNN', type: 'line', showSymbol: false, data: lag(d.rnn.norm), color: PALETTE.rnn },
        { name: 'LSTM', type: 'line', showSymbol: false, data: lag(d.lstm.norm), color: PALETTE.lstm },
      ];
      if (bf !== null) series.push({ name: 'LSTM, b_f = ' + bf, type: 'line', showSymbol: false, data: lag(open.lstm.norm), color: PALETTE.gru, lineStyle: { type: 'dashed', width: 2 } });
      c.setOption({
        ...BASE,
        tooltip: { trigger: 'axis', valueFormatter: fromLog },
        legend: { top: 0 },
        grid: { left: 70, right: 20, top: 40, bottom: 50 },
        xAxis: { type: 'value', name: 'steps before the prediction', nameLocation: 'middle', nameGap: 28, axisLine: { onZero: false }, min: 0, max: T - 1, inverse: true },
        yAxis: logAxis('\u2016\u2202L/\u2202x_t\u2016', [d.rnn.norm, d.lstm.norm, bf === null ? [] : open.lstm.norm].flat()),
        series: series,
      }, true);
      plot.dataset.points = String(T);
    }
    form.addEventListener('submit', e => { e.preventDefault(); draw(); });
    await draw();
  }

  // ---------------------------------------------------------------------------------------------
  // Long time lags

  const LOSS_NAMES = { mse: 'mean squared error', cross_entropy: 'cross-entropy (nats)' };

  async function lagsPage(main) {
    const infos = {};
    for (const t of LIMITS.lag_task_info) infos[t.name] = t;
    const first = new URLSearchParams(location.search).get('task');
    const initial = infos[first] ? first : LIMITS.lag_tasks[0];
    const q = readQuery({ task: initial, ...defaultsOf('lags'), ...infos[initial].defaults, run: '0' });
    const heading = el('h1', { id: 'lags-title' });
    const lead = el('p', { class: 'lead', id: 'lags-lead' });
    main.appendChild(heading);
    main.appendChild(lead);
    const task = el('select', { name: 'task', id: 'f-task' }, ...LIMITS.lag_tasks.map(t =>
      el('option', { value: t, selected: t === q.task, text: infos[t].title + ' (' + t + ')' })));
    const form = el('form', { class: 'controls', id: 'lags-form' },
      field('task', task),
      ...formFields('lags', q));
    const runButton = el('button', { type: 'submit', class: 'primary', id: 'lags-button', text: 'Run', form: 'lags-form' });
    const cancelButton = el('button', { type: 'button', class: 'secondary', id: 'lags-cancel', text: 'Cancel', disabled: true });
    form.appendChild(el('div', { class: 'field wide' }, el('div', { class: 'checks' }, runButton, cancelButton)));
    const status = el('div', { class: 'status', id: 'lags-status', role: 'status' });
    main.appendChild(el('div', { class: 'panel' }, form, status));
    const plot = el('div', { class: 'chart', id: 'lags-chart' });
    const accPlot = el('div', { class: 'chart', id: 'lags-accuracy-chart' });
    const accPanel = el('div', { id: 'lags-accuracy' }, el('h2', { text: 'Held-out accuracy per evaluation' }), el('div', { class: 'panel' }, accPlot,
      el('p', { class: 'note', id: 'lags-accuracy-note' })));
    const outcome = el('p', { class: 'note', id: 'lags-outcome' });
    const command = el('code', { id: 'lags-command' });
    const why = el('p', { class: 'note', id: 'lags-why' },
      'Both models first learn what the baseline does, the easy part. The RNN stays there, because the error signal that should tell it what to keep has to pass back through T multiplications by its recurrent weights and fades to nothing on the way. The LSTM sits on that plateau for a while, then leaves it once its cell state has learned to hold what it needs: the cell\u2019s additive update lets the error reach the early inputs without fading. The longer the lag, the longer the plateau. The lesson explains why in ',
      el('a', { href: '/lesson#section-gradient-flow', text: 'Why the cell state keeps gradients alive' }),
      '; the ', el('a', { href: '/gradients', text: 'Gradients page' }), ' measures it.');
    const cli = el('p', { class: 'note' }, 'The same run from the command line, with its report: ', command,
      '. The defaults are the fast setting of LSTM Lab\u2019s long-time-lags measurements (32 units, RMSprop at 0.01, batches of 50, gradients clipped at 1), cut to what runs in well under a minute per model here.');
    main.appendChild(el('h2', { text: 'Held-out loss per evaluation' }));
    main.appendChild(el('div', { class: 'panel' }, plot, outcome, why, cli));
    main.appendChild(accPanel);
    const c = chart(plot);
    const acc = chart(accPlot);
    const runner = jobRunner(runButton, cancelButton, status, 'the run failed');

    /** Heading, lead and notes in the task's own words: the library's description of it. */
    function describe(about) {
      heading.textContent = 'Long time lags: ' + about.title.charAt(0).toLowerCase() + about.title.slice(1);
      lead.textContent = about.description + ' ' + about.baseline_description + ' That is the dashed baseline. Press Run to train an LSTM and a plain tanh RNN of the same size on the same fresh batches, and watch their error on a held-out set.';
      main.dataset.task = about.name;
      accPanel.hidden = !about.classification;
      document.getElementById('lags-accuracy-note').textContent = about.classification
        ? 'The fraction of held-out ' + (about.name === 'copy' ? 'recalled symbols' : 'sequences') + ' the model gets right; the dashed line is the baseline\u2019s.' : '';
    }

    function describeTask() {
      const info = infos[task.value];
      describe(info);
      outcome.textContent = info.outcome;
      const v = values(form);
      // Each flag with its value stays on one line where the command wraps.
      const words = ['./lstmlab experiment ' + task.value, '--length ' + v.length, '--hidden ' + v.hidden, '--lr ' + v.lr, '--steps ' + v.steps,
        '--eval-every ' + v.eval_every, '--test-size ' + v.test_size, '--seed ' + v.seed, '--report lags-report'];
      command.replaceChildren(...words.flatMap((w, i) => [i ? ' ' : '', el('span', { class: 'nowrap', text: w })]));
    }

    task.addEventListener('change', () => {
      // Each task has its own defaults for the lag and the run's length, within the page's budget.
      for (const [k, v] of Object.entries(infos[task.value].defaults)) form.querySelector('[name=' + k + ']').value = v;
      describeTask();
    });
    form.addEventListener('input', describeTask);
    describeTask();

    function score(s) {
      return fmt(s.loss) + (s.accuracy === undefined ? '' : ' (accuracy ' + fmt(100 * s.accuracy, 3) + '%)');
    }

    async function start() {
      const s = values(form);
      writeQuery({ ...s, run: 1 });
      status.replaceChildren();
      c.clear();
      acc.clear();
      let info = null;
      const curves = {};
      const accuracy = {};
      const results = {};
      let points = 0;
      function draw() {
        const base = (value, name) => ({ name: name, type: 'line', showSymbol: false, color: PALETTE.actual, lineStyle: { type: 'dashed', width: 1.5 },
          data: [[0, value], [info.steps, value]] });
        const xAxis = { type: 'value', name: 'training step', nameLocation: 'middle', nameGap: 28, axisLine: { onZero: false }, min: 0, max: info.steps };
        const series = info.models.map(m => ({ name: NAMES[m], type: 'line', showSymbol: curves[m].length < 30, data: curves[m].map(p => [p[0], logPoint(p[1])]), color: PALETTE[m] }));
        series.push(base(logPoint(info.baseline.loss), 'baseline'));
        c.setOption({
          ...BASE,
          tooltip: { trigger: 'axis', valueFormatter: fromLog },
          legend: { top: 0 },
          grid: { left: 70, right: 20, top: 40, bottom: 50 },
          xAxis: xAxis,
          yAxis: logAxis('held-out ' + (LOSS_NAMES[info.loss_name] || info.loss_name), Object.values(curves).flat().map(p => p[1]).concat([info.baseline.loss])),
          series: series,
        }, true);
        plot.dataset.points = String(points);
        if (info.about.classification) {
          const accSeries = info.models.map(m => ({ name: NAMES[m], type: 'line', showSymbol: accuracy[m].length < 30, data: accuracy[m], color: PALETTE[m] }));
          accSeries.push(base(100 * info.baseline.accuracy, 'baseline'));
          acc.setOption({
            ...BASE,
            tooltip: { trigger: 'axis', valueFormatter: x => fmt(x, 3) + '%' },
            legend: { top: 0 },
            grid: { left: 70, right: 20, top: 40, bottom: 50 },
            xAxis: xAxis,
            yAxis: { type: 'value', min: 0, max: 100, name: 'held-out accuracy (%)', nameLocation: 'middle', nameGap: 45 },
            series: accSeries,
          }, true);
          accPlot.dataset.points = String(points);
        }
      }
      await runner.submit('/api/lags', s, {
        start: d => {
          info = d;
          describe(info.about);
          accPanel.hidden = !info.about.classification;
          if (!accPanel.hidden) acc.resize();
          for (const m of info.models) { curves[m] = []; accuracy[m] = []; }
          draw();
        },
        eval: e => {
          curves[e.model].push([e.step, e.test.loss]);
          if (e.test.accuracy !== undefined) accuracy[e.model].push([e.step, 100 * e.test.accuracy]);
          points++;
          draw();
          status.textContent = NAMES[e.model] + ': step ' + e.step + ' of ' + info.steps + ', held-out ' + score(e.test) + ', baseline ' + score(info.baseline) + ', ' + fmt(e.seconds, 3) + ' s';
        },
        model: r => {
          results[r.model] = r;
        },
        done: d => {
          const parts = info.models.filter(m => results[m]).map(m => {
            const r = results[m];
            return NAMES[m] + ' ' + (r.stop_reason === 'COMPLETED' ? score(r.test) + ' in ' + fmt(r.seconds, 3) + ' s' : r.stop_reason.toLowerCase() + (r.message ? ': ' + r.message : ''));
          });
          parts.push('baseline ' + score(info.baseline));
          const head = d.status === 'completed' ? 'Done. ' : d.status === 'cancelled' ? 'Cancelled. ' : 'Failed. ';
          runner.finish(head + 'Held-out ' + (LOSS_NAMES[info.loss_name] || info.loss_name) + ': ' + parts.join('; ') + '.');
          main.dataset.lagsDone = d.status;
        },
      });
    }

    form.addEventListener('submit', e => { e.preventDefault(); start(); });
    if (q.run === '1') start();
  }

  // ---------------------------------------------------------------------------------------------
  // Your own data

  /** The header's column names, split at the most frequent of , ; tab | (quotes respected). */
  function csvHeader(text) {
    const line = String(text).replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] || '';
    const outside = line.replace(/"[^"]*"/g, '');
    let sep = ',', best = -1;
    for (const d of [',', ';', '\t', '|']) {
      const n = outside.split(d).length - 1;
      if (n > best) { best = n; sep = d; }
    }
    const out = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') { if (quoted && line[i + 1] === '"') { cur += '"'; i++; } else quoted = !quoted; }
      else if (c === sep && !quoted) { out.push(cur.trim()); cur = ''; }
      else cur += c;
    }
    out.push(cur.trim());
    return out;
  }

  async function dataPage(main) {
    main.appendChild(el('h1', { text: 'Your own data' }));
    main.appendChild(el('p', { class: 'lead', text: 'Upload a CSV file with a header row, pick the column to forecast and, if it has one, the time column, and press Train. The server reads the file with the library\u2019s reader, trains the ticked models with the library\u2019s forecasting pipeline and its defaults (window and season chosen from the data, each series scaled on its training part, early stopping on the validation part), scores them on the last 10% of the series against the baselines, and forecasts past the end. Then download a model, which lstmlab predict and Java programs load, and its report. The file stays on this machine.' }));
    const q = readQuery({ models: 'lstm', ...defaultsOf('data') });
    const fileInput = el('input', { type: 'file', id: 'f-file', accept: '.csv,.tsv,.txt,text/csv' });
    const target = el('select', { name: 'target', id: 'f-target', disabled: true });
    const time = el('select', { name: 'time', id: 'f-time', disabled: true });
    const missing = el('select', { name: 'missing', id: 'f-missing' }, ...LIMITS.missing.map(m => el('option', { value: m, text: m })));
    const chosen = new Set(String(q.models).split(','));
    const checks = el('div', { class: 'checks', role: 'group', 'aria-label': 'models' }, ...LIMITS.models.map(m =>
      el('label', {}, el('input', { type: 'checkbox', value: m, 'data-model': m, checked: chosen.has(m) }), ' ' + NAMES[m])));
    const form = el('form', { class: 'controls', id: 'data-form' },
      wide(field('CSV file', fileInput, '(at most ' + Math.round(LIMITS.upload_bytes / 1024) + ' KiB)')),
      field('column to forecast', target),
      field('time column', time),
      field('blank values', missing),
      el('div', { class: 'field wide' }, el('span', { class: 'field-label', text: 'models' }), checks),
      ...formFields('data', q));
    const trainButton = el('button', { type: 'submit', class: 'primary', id: 'data-button', text: 'Train', form: 'data-form', disabled: true });
    const cancelButton = el('button', { type: 'button', class: 'secondary', id: 'data-cancel', text: 'Cancel', disabled: true });
    form.appendChild(el('div', { class: 'field wide' }, el('div', { class: 'checks' }, trainButton, cancelButton)));
    const status = el('div', { class: 'status', id: 'data-status', role: 'status' });
    main.appendChild(el('div', { class: 'panel' }, form, status));
    const plot = el('div', { class: 'chart', id: 'data-chart' });
    const table = el('div', { id: 'data-metrics', class: 'table-scroll' });
    const verdict = el('p', { id: 'data-verdict' });
    const downloads = el('ul', { id: 'data-downloads' });
    main.appendChild(el('h2', { text: 'Series, fitted values and forecast' }));
    main.appendChild(el('div', { class: 'panel' }, plot));
    main.appendChild(el('h2', { text: 'Scores on the held-out part' }));
    main.appendChild(el('div', { class: 'panel' }, table, verdict, el('p', { class: 'note', text: 'In the data\u2019s own units, on the windows whose targets are the last part of the series, never trained on. MASE divides the mean absolute error by that of the seasonal naive forecast (the naive one without a season) on the training part: below 1 beats its typical error.' })));
    main.appendChild(el('h2', { text: 'Downloads' }));
    main.appendChild(el('div', { class: 'panel' }, downloads));
    const c = chart(plot);
    let text = null;
    let name = 'data.csv';

    fileInput.addEventListener('change', async () => {
      const f = fileInput.files[0];
      status.replaceChildren();
      trainButton.disabled = true;
      if (!f) return;
      if (f.size > LIMITS.upload_bytes) {
        status.replaceChildren(errorBox('the file is too large: ' + f.size + ' bytes, at most ' + LIMITS.upload_bytes));
        return;
      }
      text = await f.text();
      name = f.name;
      const cols = csvHeader(text);
      target.replaceChildren(...cols.map(h => el('option', { value: h, text: h })));
      target.value = cols[cols.length - 1];
      time.replaceChildren(el('option', { value: '', text: '(none)' }), ...cols.map(h => el('option', { value: h, text: h })));
      time.value = cols.length > 1 ? cols[0] : '';
      target.disabled = false;
      time.disabled = false;
      trainButton.disabled = false;
      status.textContent = name + ': ' + cols.length + ' columns, ' + (text.split(/\r?\n/).filter(l => l.trim()).length - 1) + ' rows.';
    });

    const runner = jobRunner(trainButton, cancelButton, status, 'training failed');
    const keys = ['mse', 'mae', 'rmse', 'mape', 'smape', 'r2', 'mase'];

    async function start() {
      const body = { file_name: name, csv: text, target: target.value, time: time.value, missing: missing.value,
        models: [...checks.querySelectorAll('input:checked')].map(i => i.value).join(',') };
      for (const f of specs('data')) body[f.name] = form.querySelector('[name=' + f.name + ']').value;
      table.replaceChildren();
      downloads.replaceChildren();
      verdict.textContent = '';
      c.clear();
      let info = null;
      const results = {};
      function draw() {
        const labels = info.times.length ? info.times.slice() : info.series.map((_, i) => String(i));
        const first = Object.values(results).find(r => r.forecast);
        if (first) labels.push(...first.forecast.times);
        const series = [{ name: info.target, type: 'line', showSymbol: false, color: PALETTE.actual, data: info.series.slice(),
          markArea: { silent: true, itemStyle: { color: 'rgba(11, 92, 173, 0.08)' }, label: { color: '#59636e', position: 'insideTop' }, data: [[{ xAxis: labels[info.test_from], name: 'held out' }, { xAxis: labels[info.series.length - 1] }]] } }];
        for (const m of info.models) {
          const r = results[m];
          if (!r || !r.predictions) continue;
          const fitted = new Array(r.first_target).fill(null).concat(r.predictions);
          series.push({ name: NAMES[m], type: 'line', showSymbol: false, color: PALETTE[m], data: fitted });
          const fc = new Array(info.series.length - 1).fill(null).concat([info.series[info.series.length - 1]], r.forecast.values);
          series.push({ name: NAMES[m] + ' forecast', type: 'line', showSymbol: false, color: PALETTE[m], lineStyle: { type: 'dashed', width: 2 }, data: fc });
        }
        c.setOption({
          ...BASE,
          tooltip: { trigger: 'axis', valueFormatter: x => fmt(x) },
          legend: { top: 0 },
          grid: { left: 60, right: 30, top: 40, bottom: 92 },
          xAxis: { type: 'category', data: labels, name: info.time_column || 'row', nameLocation: 'middle', nameGap: 28 },
          yAxis: { type: 'value', scale: true, axisLabel: { formatter: x => fmt(x, 3) } },
          dataZoom: [{ type: 'inside' }, { type: 'slider', height: 22, bottom: 15 }],
          series: series,
        }, true);
        plot.dataset.models = String(Object.values(results).filter(r => r.forecast).length);
        const cell = (metrics, k) => k === 'mape' && info.mape_unreliable
          ? el('td', { class: 'na', text: 'n/a', title: 'left out: values near zero' })
          : el('td', { 'data-key': k, text: metrics ? fmt(metrics[k]) : '\u2014' });
        const rows = info.models.map(m => {
          const r = results[m];
          const ok = r && r.metrics;
          return el('tr', { 'data-model': m }, el('td', { text: NAMES[m] + (r ? (r.stop_reason === 'COMPLETED' || r.stop_reason === 'EARLY_STOPPED' ? '' : ' (' + r.stop_reason.toLowerCase() + ')') : ' (training\u2026)') }), ...keys.map(k => cell(ok ? r.metrics : null, k)));
        });
        for (const [b, s] of Object.entries(info.baselines)) {
          rows.push(el('tr', { class: 'baseline', 'data-baseline': b }, el('td', { text: (BASELINE_NAMES[b] || b) + ' baseline' }), ...keys.map(k => cell(s, k))));
        }
        table.replaceChildren(el('table', { class: 'metrics', id: 'data-metrics-table' }, el('thead', {}, el('tr', {}, el('th', { text: 'forecast' }), ...keys.map(k => el('th', { text: METRIC_NAMES[k] })))), el('tbody', {}, rows)));
        verdict.textContent = verdictText(info.models.filter(m => results[m] && results[m].metrics), results);
      }
      await runner.submit('/api/own', body, {
        start: d => {
          info = d;
          status.textContent = 'Training on ' + d.file_name + ': window ' + d.window + ', horizon ' + d.horizon + ', season ' + d.season + ', transform ' + d.transform + '\u2026';
          draw();
        },
        epoch: e => {
          status.textContent = NAMES[e.model] + ': epoch ' + e.epoch + ', training loss ' + fmt(e.train_loss) + ', validation loss ' + fmt(e.validation_loss);
        },
        model: r => {
          results[r.model] = r;
          draw();
          if (r.model_file) {
            downloads.appendChild(el('li', {}, el('a', { href: r.model_file, download: r.model + '.safetensors', 'data-model': r.model, class: 'model-file', text: NAMES[r.model] + ' model file' }), ' \u00b7 ',
              el('a', { href: r.report, download: r.model + '-report.html', class: 'report-file', text: 'report' })));
          }
        },
        done: d => {
          const messages = Object.values(results).map(r => NAMES[r.model] + ': ' + r.message).join('; ');
          runner.finish((d.status === 'completed' ? 'Done. ' : d.status === 'cancelled' ? 'Cancelled. ' : 'Failed. ') + messages);
          main.dataset.dataDone = d.status;
        },
      });
    }
    form.addEventListener('submit', e => { e.preventDefault(); if (text !== null) start(); });
  }


  // ---------------------------------------------------------------------------------------------
  // Text: a character model trained live

  /** A character as the page shows it: the invisible ones named. */
  function showChar(t) {
    return { ' ': '\u2423', '\n': '\u21b5', '\t': '\u21e5', '<pad>': '<pad>', '<unk>': '<unk>' }[t] || t;
  }

  /** "25 088": whole numbers with thin groups, as the lesson prints them. */
  function count(n) {
    return Number(n).toLocaleString('en-US').replace(/,/g, '\u202f');
  }

  /** A whole number for TeX: thousands set apart by a thin space (\\,), which KaTeX knows. */
  function texCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\\,');
  }

  /**
   * Two numeric questions on the weight counts of a word model of V words, H units and E
   * embedding dims, computed here; the page's own table shows another model's numbers.
   */
  function encodingQuiz(v, h, e) {
    const wrongGates = { type: 'value', value: h * v, correct: false, feedback: 'That is $H \\cdot V$: one gate\u2019s worth. The LSTM has four gates, each with its own $H$ rows of $W_{ih}$.' };
    return { name: 'text-encoding', questions: [
      { type: 'numeric', question: 'A word model reads one-hot vectors over $V = ' + texCount(v) + '$ words into an LSTM of $H = ' + h + '$ units. How many weights has its first layer\u2019s $W_{ih}$?',
        answers: [{ type: 'value', value: 4 * h * v, correct: true, feedback: 'Right: $4H \\cdot V = ' + 4 * h + ' \\cdot ' + v + '$, one column of $4H$ numbers per word.' }, wrongGates,
          { type: 'default', feedback: 'Count the rows and columns of $W_{ih}$: four gates of $H$ rows, one column per input entry.' }] },
      { type: 'numeric', question: 'The same model with an embedding of $E = ' + e + '$ dims before the LSTM: how many weights do the embedding table and $W_{ih}$ hold together?',
        answers: [{ type: 'value', value: v * e + 4 * h * e, correct: true, feedback: 'Right: $V E + 4H E = ' + texCount(v * e) + ' + ' + texCount(4 * h * e) + '$, about ' + Math.round(4 * h * v / (v * e + 4 * h * e)) + ' times fewer than one-hot input.' },
          { type: 'value', value: v * e, correct: false, feedback: 'That is the table alone; the LSTM still multiplies its $E$ inputs by a $4H \\times E$ matrix.' },
          { type: 'default', feedback: 'The table has one row of $E$ numbers per word; then $W_{ih}$ is $4H \\times E$.' }] },
    ] };
  }

  async function textPage(main) {
    main.appendChild(el('h1', { text: 'Text: one character at a time' }));
    main.appendChild(el('p', { class: 'lead', text: 'An LSTM reads numbers, so a text must first become vectors. This page shows what the simplest encoding, one-hot, means for the network\u2019s first layer, then trains a small character model on a text while you watch: its held-out score against counting baselines, and a sample after every pass over the text. Every number below comes from the model the server builds and trains when you press Train.' }));
    const files = LIMITS.text_files || [];
    const q = readQuery({ file: files.includes(LIMITS.text_default_file) ? LIMITS.text_default_file : (files[0] || ''), input: 'one_hot', prompt: LIMITS.text_default_prompt, ...defaultsOf('text'), run: '0' });

    // 1. Encoding: the lesson and the live numbers.
    const encoding = el('div', { id: 'text-encoding' }, el('p', { class: 'note', text: 'Press Train below: the numbers for the model it builds appear here.' }));
    const lessonOne = el('section', { class: 'prose' },
      el('h2', { text: 'Why encoding matters' }),
      el('p', {}, 'The vocabulary gives each of its $V$ characters an id $v$. One-hot encoding turns id $v$ into the vector $x = e_v$ of length $V$: all zeros but a 1 at place $v$. The first LSTM layer multiplies its input by $W_{ih}$, a $4H \\times V$ matrix (four gates of $H$ units each), and a product with $e_v$ keeps only one column:'),
      el('div', {}, '$$W_{ih}\\, e_v = W_{ih}[:, v]$$'),
      el('p', {}, 'So the first layer does not compute anything with a one-hot input: it looks up column $v$, a vector of $4H$ learned numbers for that character, and adds it to the gates. An embedding layer does the same lookup in a table of its own, $V$ rows of $E$ numbers, and the LSTM then multiplies those $E$ numbers by a $4H \\times E$ matrix. One-hot input needs $4H \\cdot V$ weights; an embedding needs $V E + 4H E$. The table below counts both for this model: for the hundred or so characters of a text the difference is a few thousand weights; for a vocabulary of ten thousand words one-hot input is a table as wide as the vocabulary, and almost all of each step\u2019s product is multiplications by zero.'),
      encoding,
      el('h3', { text: 'Count them yourself' }),
      quizBlock(encodingQuiz(5000, 100, 50)));
    main.appendChild(lessonOne);

    // 2. The run.
    const fileSelect = el('select', { name: 'file', id: 'f-file' },
      ...files.map(f => el('option', { value: f, selected: f === q.file, text: f })),
      el('option', { value: '', selected: !files.length || q.file === '', text: 'paste your own text' }));
    const pasted = el('textarea', { name: 'text', id: 'f-text', rows: 6, maxlength: LIMITS.text_bytes, placeholder: 'At least ' + LIMITS.text_min_chars + ' characters of plain text' });
    const pasteField = wide(field('your text', pasted, '(' + count(LIMITS.text_min_chars) + '\u2013' + count(LIMITS.text_bytes) + ' bytes)'));
    const inputSelect = el('select', { name: 'input', id: 'f-input' },
      el('option', { value: 'one_hot', text: 'one-hot' }),
      el('option', { value: 'embedding', selected: q.input === 'embedding', disabled: !LIMITS.text_inputs.includes('embedding'), text: 'embedding' }));
    const prompt = el('input', { type: 'text', name: 'prompt', id: 'f-prompt', value: q.prompt, maxlength: LIMITS.prompt_chars });
    const tempSpec = specs('text').find(f => f.name === 'temperature');
    const temperature = el('input', { type: 'range', name: 'temperature', id: 'f-temperature', min: tempSpec.min, max: tempSpec.max, step: tempSpec.step, value: q.temperature });
    const tempShown = el('output', { id: 'temperature-value', for: 'f-temperature', text: fmt(q.temperature) });
    temperature.addEventListener('input', () => { tempShown.textContent = fmt(temperature.value); });
    const form = el('form', { class: 'controls', id: 'text-form' },
      field('text', fileSelect, '(Debian fortunes)'),
      pasteField,
      field('input', inputSelect, '(embedding: E = ' + LIMITS.text_embedding_dim + ')'),
      field('prompt', prompt),
      ...formFields('text', q, ['hidden', 'window', 'batch_size', 'epochs', 'lr', 'seed']),
      wide(el('label', { class: 'field', for: 'f-temperature' }, el('span', { class: 'field-label' }, 'sampling temperature ', tempShown, el('span', { class: 'range', text: ' (' + fmt(tempSpec.min) + '\u2013' + fmt(tempSpec.max) + ')' })), temperature)));
    const trainButton = el('button', { type: 'submit', class: 'primary', id: 'text-button', text: 'Train', form: 'text-form' });
    const cancelButton = el('button', { type: 'button', class: 'secondary', id: 'text-cancel', text: 'Cancel', disabled: true });
    form.appendChild(el('div', { class: 'field wide' }, el('div', { class: 'checks' }, trainButton, cancelButton)));
    const status = el('div', { class: 'status', id: 'text-status', role: 'status' });
    function showPaste() { pasteField.hidden = fileSelect.value !== ''; }
    fileSelect.addEventListener('change', showPaste);
    showPaste();

    main.appendChild(el('h2', { text: 'Train a character model' }));
    main.appendChild(el('p', { class: 'lead', text: 'Pick a file of Debian\u2019s fortunes (short jokes and quotations, one category per file) or paste a text, and press Train. The server takes the first ' + count(LIMITS.text_chars) + ' characters, holds out the last tenth, and trains a one-layer LSTM to predict each character from the ones before it: the text is cut into parallel streams (batch size), and each update back-propagates through a window of steps, carrying the state on. After every pass it scores the held-out text and continues the prompt with a sample; the seed is the same every pass, so the samples differ only by what the model has learned.' }));
    main.appendChild(el('div', { class: 'panel' }, form, status));
    const plot = el('div', { class: 'chart', id: 'text-chart' });
    const summary = el('p', { id: 'text-summary' });
    main.appendChild(el('h2', { text: 'Held-out bits per character' }));
    main.appendChild(el('div', { class: 'panel' }, plot, summary,
      el('p', { class: 'note', text: 'Grey lines: the n-gram baselines, counted on the same training text and scored on the same held-out text. The unigram model knows only how often each character occurs, the bigram model also the character before, the trigram model the two before. Solid: the LSTM after each pass (pass 0 is the untrained model).' })));
    const samples = el('ol', { class: 'samples', id: 'text-samples', start: 0 });
    const again = el('button', { type: 'button', class: 'secondary', id: 'text-again', text: 'Sample again', disabled: true });
    main.appendChild(el('h2', { text: 'Samples after each pass' }));
    main.appendChild(el('div', { class: 'panel' }, samples,
      el('div', { class: 'checks' }, again, el('span', { class: 'note', text: 'draws from the trained model with the temperature and prompt above (a new seed each time)' })),
      el('p', { class: 'note', text: 'The prompt is in bold. Temperature divides the scores before the softmax: 0 always takes the likeliest character, 1 draws from the model\u2019s own probabilities, above 1 flattens them towards noise.' })));
    const lessonTwo = el('section', { class: 'prose', id: 'text-scoring' },
      el('h2', { text: 'How the score is measured' }),
      el('p', {}, 'At every step the model\u2019s last layer gives one score $z_u$ per character of the vocabulary, and the softmax turns them into probabilities for the next character:'),
      el('div', {}, '$$p(u) = \\frac{e^{z_u}}{\\sum_{w=1}^{V} e^{z_w}}$$'),
      el('p', {}, 'Training lowers the cross-entropy, the mean of $-\\ln p(c_t)$ over the characters $c_t$ that really come next. Divided by $\\ln 2$ it is in bits per character: the length of the code the model would need, per character, to write the held-out text down.'),
      el('div', {}, '$$\\text{bits/char} = \\frac{1}{N \\ln 2} \\sum_{t=1}^{N} -\\ln p(c_t)$$'),
      el('p', {}, 'A model that knows nothing gives every one of the $V$ characters the same probability $1/V$ and scores $\\log_2 V$ bits per character; the untrained LSTM, whose scores start near zero, is close to that:'),
      el('p', { id: 'text-uniform', class: 'note', text: 'press Train to see it' }),
      el('p', {}, 'To beat the bigram baseline the model must use more than the last character; to beat the trigram, more than the last two, which is what its state is for.'));
    main.appendChild(lessonTwo);
    math(lessonOne);
    math(lessonTwo);
    const c = chart(plot);
    const runner = jobRunner(trainButton, cancelButton, status, 'training failed');
    let sampleUrl = null;
    let draws = 0;

    /** One sample: the prompt in bold, then what the model drew. */
    function sampleItem(label, promptText, text) {
      return el('li', {}, el('span', { class: 'sample-label', text: label }), el('pre', { class: 'sample' }, el('b', { text: promptText }), text));
    }

    function weights(info) {
      const e = info.encoding;
      const rows = [
        ['one-hot, this text\u2019s ' + e.vocabulary + ' characters', '4H \u00b7 V = ' + e.gates_times_hidden + ' \u00b7 ' + e.vocabulary, e.one_hot_weights],
        ['embedding of E = ' + e.embedding_dim + ', same characters', 'V E + 4H E', e.embedding_weights],
        ['one-hot, a word vocabulary of ' + count(e.word_vocabulary), '4H \u00b7 V', e.word_one_hot_weights],
        ['embedding of E = ' + e.embedding_dim + ', same words', 'V E + 4H E', e.word_embedding_weights],
      ];
      return el('div', { class: 'table-scroll' }, el('table', { class: 'metrics', id: 'text-weights' },
        el('thead', {}, el('tr', {}, el('th', { text: 'first layer\u2019s input' }), el('th', { text: 'weights' }), el('th', { text: 'count' }))),
        el('tbody', {}, rows.map(r => el('tr', {}, el('td', { text: r[0] }), el('td', { text: r[1] }), el('td', { text: count(r[2]) }))))));
    }

    function neighbourCells(list, token) {
      const entry = list.find(n => n.token === token);
      return entry ? entry.nearest.map(n => showChar(n.token) + '\u00a0' + fmt(n.cosine, 2)).join(', ') : '\u2014';
    }

    function drawEncoding(info, trained) {
      const e = info.encoding;
      const lk = (trained || e).lookup;
      const nums = a => a.map(x => fmt(x, 4)).join(', ');
      const embedded = e.input === 'embedding';
      const lookupNote = el('p', { id: 'text-lookup' }, embedded
        ? 'This model reads an embedding: checked on its own forward pass, one step of \u201c' + lk.token + '\u201d (id ' + lk.id + ') from a zero state gives input-gate values ' + nums(lk.input_gate_from_forward) + ', \u2026; computing $\\sigma(W_{ih} E[v] + b)$ from row ' + lk.id + ' of the embedding table $E$ alone gives ' + nums(lk.input_gate_from_column) + ', \u2026 The largest difference over all ' + e.gates_times_hidden + ' gate values is ' + fmt(lk.max_difference, 2) + ' (float rounding).'
        : 'Checked on the model\u2019s own forward pass: one step of one-hot(\u201c' + lk.token + '\u201d) from a zero state gives input-gate values ' + nums(lk.input_gate_from_forward) + ', \u2026; computing $\\sigma(W_{ih}[:, v] + b)$ from column ' + lk.id + ' alone gives ' + nums(lk.input_gate_from_column) + ', \u2026 The largest difference over all ' + e.gates_times_hidden + ' gate values is ' + fmt(lk.max_difference, 2) + ' (float rounding).');
      const probes = e.neighbours.map(n => n.token);
      const table = el('div', { class: 'table-scroll' }, el('table', { class: 'metrics', id: 'text-neighbours' },
        el('thead', {}, el('tr', {}, el('th', { text: 'character' }), el('th', { text: 'nearest, untrained (cosine)' }), el('th', { text: 'nearest, trained (cosine)' }))),
        el('tbody', {}, probes.map(p => el('tr', {}, el('td', { text: showChar(p) }), el('td', { class: 'mono', text: neighbourCells(e.neighbours, p) }),
          el('td', { class: 'mono', 'data-trained': trained ? 'true' : null, text: trained ? neighbourCells(trained.neighbours, p) : 'after training' }))))));
      encoding.replaceChildren(
        el('h3', { text: 'In numbers, for this model (H = ' + info.hidden + ', ' + count(e.parameters) + ' parameters in all)' }),
        weights(info), lookupNote,
        el('h3', { text: 'Which characters does the model treat alike?' }),
        el('p', {}, embedded
          ? 'Row $v$ of the embedding table is the model\u2019s vector for character $v$: characters whose rows point the same way enter the LSTM alike. The table lists each character\u2019s nearest ones by the cosine of their rows of ' + e.embedding_dim + ' numbers, before and after training. With so few numbers per row, random rows already reach cosines of about 0.5, so the untrained neighbours are arbitrary; compare them with the trained model\u2019s.'
          : 'If column $v$ is the model\u2019s vector for character $v$, characters whose columns point the same way enter the gates alike. The table lists each character\u2019s nearest ones by the cosine of their columns, before and after training. Random columns of ' + e.gates_times_hidden + ' numbers are close to orthogonal, so before training the cosines are small and the neighbours arbitrary; compare them with the trained model\u2019s.'),
        table);
      math(encoding);
    }

    async function start() {
      const s = values(form);
      s.temperature = temperature.value;
      const body = { input: s.input, prompt: prompt.value };
      for (const f of specs('text')) body[f.name] = s[f.name];
      if (fileSelect.value) body.file = fileSelect.value; else body.text = pasted.value;
      writeQuery({ ...s, file: fileSelect.value, run: 1 });
      status.replaceChildren();
      samples.replaceChildren();
      summary.textContent = '';
      again.disabled = true;
      sampleUrl = null;
      c.clear();
      let info = null;
      const held = [];
      const train = [];
      function draw() {
        const top = Math.max(info.epochs, 1);
        const series = [
          { name: 'held out', type: 'line', color: PALETTE.lstm, data: held, showSymbol: true },
          { name: 'training', type: 'line', color: PALETTE.gru, data: train, showSymbol: true, lineStyle: { width: 1.5 } },
        ];
        const dash = { unigram: 'dotted', bigram: 'dashed', trigram: [8, 3, 2, 3] };
        for (const b of info.baselines) {
          series.push({ name: b.name, type: 'line', showSymbol: false, color: PALETTE.actual, lineStyle: { type: dash[b.name] || 'dashed', width: 1.5 },
            data: [[0, b.bits_per_char], [top, b.bits_per_char]] });
        }
        c.setOption({
          ...BASE,
          tooltip: { trigger: 'axis', valueFormatter: x => fmt(x) },
          legend: { top: 0 },
          grid: { left: 60, right: 20, top: 50, bottom: 50 },
          xAxis: { type: 'value', name: 'pass over the text', nameLocation: 'middle', nameGap: 28, min: 0, max: top, minInterval: 1 },
          yAxis: { type: 'value', name: 'bits per character', nameLocation: 'middle', nameGap: 40, scale: true, axisLabel: { formatter: x => fmt(x, 3) } },
          series: series,
        }, true);
        plot.dataset.points = String(held.length);
      }
      await runner.submit('/api/text', body, {
        start: d => {
          info = d;
          held.push([0, d.held_out_bits]);
          draw();
          drawEncoding(d, null);
          const v = d.tokens.length;
          document.getElementById('text-uniform').textContent = 'This run: V = ' + v + ', log\u2082 V = ' + fmt(Math.log2(v)) + ' bits per character; the untrained model scores ' + fmt(d.held_out_bits) + '.';
          samples.appendChild(sampleItem('untrained', d.prompt, d.sample));
          status.textContent = d.description + '. Vocabulary: ' + v + ' characters (with <pad> and <unk>). Training\u2026';
        },
        epoch: e => {
          held.push([e.epoch, e.held_out_bits]);
          train.push([e.epoch, e.train_bits]);
          draw();
          samples.appendChild(sampleItem('pass ' + e.epoch + ': held out ' + fmt(e.held_out_bits, 3) + ' bits/char', info.prompt, e.sample));
          status.textContent = 'Pass ' + e.epoch + ' of ' + info.epochs + ': held out ' + fmt(e.held_out_bits) + ' bits per character, ' + fmt(e.elapsed_millis / 1000, 3) + ' s.';
        },
        model: r => {
          if (r.encoding) drawEncoding(info, r.encoding);
          if (r.sample_url) { sampleUrl = r.sample_url; again.disabled = false; }
          if (r.held_out_bits !== undefined) {
            const parts = info.baselines.map(b => b.name + ' ' + fmt(b.bits_per_char) + (r.beats[b.name] ? ' (beaten)' : ' (not beaten)'));
            summary.textContent = 'The LSTM: ' + fmt(r.held_out_bits) + ' bits per character on the held-out text after ' + r.epochs + ' passes, from ' + fmt(info.held_out_bits) + ' untrained; ' + parts.join(', ') + '.';
          }
        },
        done: d => {
          runner.finish((d.status === 'completed' ? 'Done. ' : d.status === 'cancelled' ? 'Cancelled. ' : 'Failed. ') + (info ? info.description + '.' : ''));
          main.dataset.textDone = d.status;
        },
      });
    }

    again.addEventListener('click', async () => {
      if (!sampleUrl) return;
      draws++;
      try {
        const r = await api(sampleUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt: prompt.value, temperature: temperature.value, seed: Number(form.querySelector('[name=seed]').value || 0) + draws }) });
        samples.appendChild(sampleItem('trained, temperature ' + fmt(r.temperature) + ', seed ' + r.seed, r.prompt, r.sample));
      } catch (e) {
        status.replaceChildren(errorBox(e.message));
      }
    });
    form.addEventListener('submit', e => { e.preventDefault(); start(); });
    if (q.run === '1') start();
  }
  // ---------------------------------------------------------------------------------------------

  const PAGES = { lesson: lessonPage, series: seriesPage, train: trainPage, gates: gatesPage, gradients: gradientsPage, lags: lagsPage, data: dataPage, text: textPage };

  /**
   * Previous and next page along the tutorial's path, which is the order of the header's links:
   * the lesson, the series, training, the two explorers, long lags, your own data, text.
   */
  function pager(name) {
    const links = [...document.querySelectorAll('header nav a[data-page]')];
    const i = links.findIndex(a => a.dataset.page === name);
    const nav = el('nav', { class: 'pager', 'aria-label': 'Tutorial path' });
    if (i > 0) nav.appendChild(el('a', { class: 'prev', rel: 'prev', href: links[i - 1].getAttribute('href') }, '\u2190 Previous: ' + links[i - 1].textContent));
    if (i >= 0 && i < links.length - 1) nav.appendChild(el('a', { class: 'next', rel: 'next', href: links[i + 1].getAttribute('href') }, 'Next: ' + links[i + 1].textContent + ' \u2192'));
    return nav;
  }

  async function boot() {
    const name = location.pathname.replace(/^\/+|\/+$/g, '') || 'lesson';
    const page = PAGES[name] || lessonPage;
    document.querySelectorAll('nav a[data-page]').forEach(a => a.classList.toggle('active', a.dataset.page === name));
    document.title = 'LSTM Lab \u2014 ' + name.charAt(0).toUpperCase() + name.slice(1);
    const main = document.getElementById('main');
    const header = document.querySelector('header.top');
    const headerHeight = () => document.documentElement.style.setProperty('--header-height', header.offsetHeight + 'px');
    if (header) {
      headerHeight();
      window.addEventListener('resize', headerHeight);
    }
    try {
      LIMITS = await api('/api/limits');
      await page(main);
    } catch (e) {
      main.appendChild(errorBox('This page failed: ' + e.message));
    }
    main.appendChild(pager(PAGES[name] ? name : 'lesson'));
    main.dataset.ready = 'true';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
