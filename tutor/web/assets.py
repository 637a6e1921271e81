"""The page's CSS and script: answer-first styling, the source viewer, mobile tabs.

The source viewer is plain browser code: a click on [n] (or a source's label) copies that
message's cited passage, quoted lines already marked, into a side panel and scrolls to the
first mark. No server round trip, so it opens at once and works on old chats too.
The CSS is also added by the script, because the launch-time CSS loses its media queries.
"""

import json

CSS = """
.answer-intro { opacity: .7; font-size: .92em; margin-bottom: .2em; }
.answer-lead { font-size: 1.05em; margin: .2em 0 .4em; }
.answer-lead strong { font-weight: 600; }
.answer-support { margin: .2em 0 .4em 1.1em; }
.answer .gloss { opacity: .75; font-weight: 400; }
.answer .ctx { opacity: .7; font-size: .92em; }
.answer details.more { margin-top: .4em; font-size: .95em; }
.answer details.more summary { cursor: pointer; opacity: .8; }
.compare { display: grid; grid-template-columns: 1fr 1fr; gap: .6em; margin: .3em 0; }
.compare .side { border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: .4em .6em; }
.compare .side-name { font-weight: 600; margin-bottom: .2em; }
.compare-both { margin: .2em 0 .3em; }
.compare-both strong { font-weight: 600; }
.compare ul { margin: 0 0 0 1em; }
a.cite-ref { text-decoration: none; font-weight: 600; cursor: pointer; }
.cites { margin-top: .6em; font-size: .92em; }
.cites details.cite { margin: .25em 0; }
.cites details.cite summary { cursor: pointer; }
.cites .passage, #source-viewer .sv-body { padding: .4em .6em; border-left: 3px solid
  var(--color-accent); background: var(--background-fill-secondary); }
.cites .passage { margin: .3em 0 .5em 1em; }
mark.quoted { background: #ffe45c; color: #222; padding: 0 .1em; border-radius: 2px; }
mark.also { background: transparent; color: inherit; border-bottom: 2px dotted #d4b000; }
#source-viewer { position: fixed; top: 0; right: 0; bottom: 0; width: min(40vw, 560px);
  z-index: 1000; box-sizing: border-box; background: var(--background-fill-primary); box-shadow: -4px 0 16px
  rgba(0,0,0,.18); display: flex; flex-direction: column; padding: .8em; gap: .5em; }
#source-viewer[hidden] { display: none; }
#source-viewer .sv-head { display: flex; justify-content: space-between; align-items: center;
  font-weight: 700; }
#source-viewer .sv-close { font-size: 1.4em; line-height: 1; background: none; border: 0;
  cursor: pointer; color: var(--body-text-color); }
#source-viewer .sv-label { font-size: .9em; color: var(--body-text-color-subdued);
  word-break: break-all; }
#source-viewer .sv-body { overflow-y: auto; flex: 1; line-height: 1.6; }
body.sv-open .gradio-container { padding-right: min(40vw, 560px) !important; }
#chat-side { min-width: 180px; }
#past-chats .wrap { max-height: 420px; overflow-y: auto; flex-direction: column; }
@media (max-width: 700px) {
  #source-viewer { top: auto; left: 0; width: 100%; height: 60vh; box-shadow:
    0 -4px 16px rgba(0,0,0,.2); }
  body.sv-open .gradio-container { padding-right: 0 !important; }
  .compare { grid-template-columns: 1fr; }
  /* every tab stays reachable: the tab bar wraps instead of hiding tabs behind "…" */
  .tab-wrapper, .tab-container { height: auto !important; flex-wrap: wrap !important;
    overflow: visible !important; }
  .tab-container button { visibility: visible !important; position: static !important;
    flex: 0 0 auto; padding: .3em .55em !important; }
  .overflow-menu { display: none !important; }
  #past-chats .wrap { max-height: 140px; }
}
"""

JS = """
() => {
  if (window.__tutorViewer) return;
  window.__tutorViewer = true;
  const style = document.createElement('style');  // as written: media queries included
  style.textContent = __CSS__;
  document.head.appendChild(style);
  const panel = document.createElement('aside');
  panel.id = 'source-viewer';
  panel.hidden = true;
  panel.setAttribute('role', 'complementary');
  panel.innerHTML = '<div class="sv-head"><span class="sv-title"></span>' +
    '<button class="sv-close" type="button">×</button></div>' +
    '<div class="sv-label"></div><div class="sv-body"></div>';
  document.body.appendChild(panel);
  const close = () => { panel.hidden = true; document.body.classList.remove('sv-open'); };
  panel.querySelector('.sv-close').addEventListener('click', close);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close(); });
  const uiLang = () => (document.querySelector('#lang input:checked') || {}).value || 'ja';
  function open(from, n) {
    let scope = from;
    while (scope && !(scope.querySelector && scope.querySelector('.cites'))) {
      scope = scope.parentElement;
    }
    // The chat's sanitiser drops data-* attributes: sources are found by their "[n]" label.
    const cites = scope ? Array.from(scope.querySelectorAll('details.cite')) : [];
    const cite = cites.find((d) => d.querySelector('summary').textContent.trim()
                                      .startsWith('[' + n + ']'));
    if (!cite) return;
    const ja = uiLang() === 'ja';
    panel.setAttribute('aria-label', ja ? '出典' : 'Source');
    panel.querySelector('.sv-close').setAttribute('aria-label', ja ? '閉じる' : 'Close');
    panel.querySelector('.sv-title').textContent = (ja ? '出典 ' : 'Source ') + '[' + n + ']';
    panel.querySelector('.sv-label').textContent =
      cite.querySelector('summary').textContent.trim().replace(/^\[\d+\]\s*/, '');
    const body = panel.querySelector('.sv-body');
    body.innerHTML = cite.querySelector('.passage').innerHTML;
    panel.hidden = false;
    document.body.classList.add('sv-open');
    const mark = body.querySelector('mark.quoted') || body.querySelector('mark');
    body.scrollTop = mark ? Math.max(0, mark.offsetTop - body.offsetTop - body.clientHeight / 3)
                          : 0;
  }
  document.addEventListener('click', (e) => {
    const ref = e.target.closest && e.target.closest('a.cite-ref, details.cite > summary');
    if (!ref) return;
    e.preventDefault();
    e.stopPropagation();
    const m = ref.tagName === 'A' ? (ref.getAttribute('href') || '').match(/source-(\d+)/)
                                  : ref.textContent.trim().match(/^\[(\d+)\]/);
    if (m) open(ref, m[1]);
  }, true);
  // Screen readers get the answer's words, not its markup.
  const fix = () => document.querySelectorAll('[aria-label*="<"]').forEach((el) => {
    const text = (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();
    el.setAttribute('aria-label', text.slice(0, 400));
  });
  new MutationObserver(fix).observe(document.body, {subtree: true, childList: true,
                                                    attributes: true,
                                                    attributeFilter: ['aria-label']});
}
"""
JS = JS.replace("__CSS__", json.dumps(CSS))
