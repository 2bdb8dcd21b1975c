#!/usr/bin/env python3
"""html-browser.py -- the board pack in a real browser (docs/board-pack.md).

Drives headless Chromium through the DevTools protocol over
--remote-debugging-pipe (standard library only) and checks, for each seed
scenario's pack:
  - every section and chart is in the rendered page, and a screenshot
    is not blank;
  - printed on A4, the main part (everything before the appendix) is at
    most 6 pages when the scenario has 2 or 3 options;
  - page one holds the recommendation: the summary section, which comes
    first and holds #recommendation, laid out for print at an A4 page's
    width, is no taller than one A4 page (it breaks the page after it),
    and the text of the printed PDF's first page (pdftotext) holds the
    recommendation sentence;
  - at 390 px wide nothing scrolls sideways (scrollWidth <= 390) and no
    chart text is drawn smaller than 11 px;
  - moving a weight slider (an input event sent through the protocol)
    changes the ranking exactly as `consortia appraise --weight` computes
    it: the same ranks, P(best) and mean scores; and while it is off the
    pack's weights every section whose figures depend on them says it is
    computed at those weights (and none does after a reset).
With CS_SHOTS_DIR set, page one at 1280 and at 390 px (PNG) and the
printed pack (PDF) of each scenario are written there.
Exit 77 (skipped) only when Chromium or pdftotext is not installed.
Usage: html-browser.py CONSORTIA SCENARIO... (or through make check).
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

MAIN_PAGES = 6
PHONE = 390
DRAWS = "400"


class Browser:
    def __init__(self, exe, profile):
        r1, w1 = os.pipe()      # we write commands, Chromium reads fd 3
        r2, w2 = os.pipe()      # Chromium writes fd 4, we read
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-extensions",
             "--disable-component-update", "--user-data-dir=" + profile,
             "about:blank"],
            pass_fds=(3, 4), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(r1, 3), os.dup2(w2, 4)))
        os.close(r1)
        os.close(w2)
        self.wr = os.fdopen(w1, "wb")
        self.rd = os.fdopen(r2, "rb")
        self.next_id = 0
        self.buf = b""
        self.events = []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.rd.read1(1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.wr.write(json.dumps(msg).encode() + b"\0")
        self.wr.flush()
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name, session):
        for i, m in enumerate(self.events):
            if m.get("method") == name and m.get("sessionId") == session:
                del self.events[i]
                return m
        while True:
            m = self._read()
            if m.get("method") == name and m.get("sessionId") == session:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        self.proc.wait(timeout=20)


class Page:
    def __init__(self, b, url):
        self.b = b
        t = b.call("Target.createTarget", {"url": "about:blank"})
        self.s = b.call("Target.attachToTarget", {"targetId": t["targetId"],
                                                  "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.url = url

    def call(self, method, params=None):
        return self.b.call(method, params, self.s)

    def load(self, width, mobile=False):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": 900, "deviceScaleFactor": 1,
                   "mobile": mobile})
        self.call("Page.navigate", {"url": self.url})
        self.b.wait_event("Page.loadEventFired", self.s)

    def js(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr,
                                           "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError("script: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def pdf(self):
        r = self.call("Page.printToPDF", {"preferCSSPageSize": True,
                                          "printBackground": True})
        return base64.b64decode(r["data"])

    def shot(self, selector, path):
        """A PNG of the element (laid out at the current width) to path;
        returns its size in bytes."""
        box = self.js("""(function(){var r=document.querySelector('%s')
            .getBoundingClientRect();return [r.left+scrollX,r.top+scrollY,
            r.width,r.height];})()""" % selector)
        data = base64.b64decode(self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": box[1], "width": box[0] * 2 + box[2],
                     "height": box[3], "scale": 1}})["data"])
        if path:
            with open(path, "wb") as f:
                f.write(data)
        return len(data)

    @staticmethod
    def pdf_pages(pdf):
        counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
        counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)
        if counts:
            return max(int(c) for c in counts)
        return len(re.findall(rb"/Type\s*/Page\b", pdf))


PHONE_JS = """(function(){
  var min = 1e9;
  document.querySelectorAll('svg.chart').forEach(function(svg){
    var vb = svg.viewBox.baseVal, w = svg.getBoundingClientRect().width;
    if (!vb || !vb.width || !w) return;
    svg.querySelectorAll('text').forEach(function(t){
      var px = parseFloat(getComputedStyle(t).fontSize) * w / vb.width;
      if (px < min) min = px;
    });
  });
  return [document.documentElement.scrollWidth, min];
})()"""

RANK_JS = """Array.prototype.map.call(document.querySelectorAll('#w-rows tr'),
  function(r){return [parseInt(r.dataset.option), parseInt(r.dataset.rank),
  parseFloat(r.dataset.score), parseFloat(r.dataset.pbest)];})"""


def appraise_json(consortia, scenario, weights):
    cmd = [consortia, "appraise", scenario, "--quiet", "--draws", DRAWS,
           "--format", "json"]
    for w in weights:
        cmd += ["--weight", w]
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    return json.loads(out)


def option_results(doc):
    """[(rank, mean score, P(best))] in scenario order from the JSON."""
    res = []
    for o in doc["options"]:
        s = o["score"]
        res.append((o["rank"], s["mean"], o["p_best"]))
    return res


# Sections whose figures depend on the weights: each must say, while the
# sliders are off the pack's weights, that it is computed at those.
WEIGHTED = ['summary', 'question', 'contributions', 'criteria',
            'uncertainty', 'sensitivity', 'voi', 'appendix']

NOTES_JS = """(function(ids){return ids.map(function(i){
  var s=document.getElementById(i), n=s?s.querySelector('.atw'):null;
  if(!n)return null;
  var now=n.querySelector('.atw-now');
  return [n.getClientRects().length>0, n.textContent, now?now.textContent:''];
});})(%s)"""


def check_notes(page, data, after, name, arg):
    """After a slider moved: every weighted section visibly says the
    weights it is computed at (the pack's own, in %), page one names the
    option first at the sliders' weights; after a reset no note shows."""
    errs = []
    total = sum(data["raw"])
    want = ["%s %.0f%%" % (c, 100 * r / total)
            for c, r in zip(data["crit"], data["raw"])]
    first = data["opt"][[r[0] for r in after if r[1] == 1][0]]
    notes = page.js(NOTES_JS % json.dumps(WEIGHTED))
    for sec, note in zip(WEIGHTED, notes):
        if note is None:
            errs.append("%s: section #%s has no weights note" % (name, sec))
        elif not note[0]:
            errs.append("%s: slider %s: #%s does not say it is computed at "
                        "the pack's weights" % (name, arg, sec))
        elif "(" + ", ".join(want) + ")" not in note[1]:
            errs.append("%s: #%s's note gives other weights than (%s): %s"
                        % (name, sec, ", ".join(want), note[1]))
    if notes[0] and not notes[0][2].startswith(first + " would rank first"):
        errs.append("%s: page one's note says %r at the sliders' weights, "
                    "not that %s ranks first" % (name, notes[0][2], first))
    origin = page.js("document.getElementById('weights-origin').textContent")
    if "sliders" not in origin:
        errs.append("%s: page one's weights in force do not say the sliders "
                    "set them: %r" % (name, origin))
    page.js("document.getElementById('w-reset').click()")
    shown = [sec for sec, n in zip(WEIGHTED, page.js(NOTES_JS % json.dumps(
        WEIGHTED))) if n and n[0]]
    if shown:
        errs.append("%s: at the pack's own weights the note still shows in %s"
                    % (name, ", ".join(shown)))
    force = page.js("document.getElementById('weights-in-force').textContent")
    if force != ", ".join(want):
        errs.append("%s: after a reset page one gives the weights in force as "
                    "%r, not %r" % (name, force, ", ".join(want)))
    if not errs:
        print("ok: %s: slider %s: %d sections say they are computed at (%s); "
              "page one: %s" % (name, arg, len(WEIGHTED), ", ".join(want),
                                notes[0][2]))
    return errs


def check_slider(page, consortia, scenario, name):
    data = json.loads(page.js("document.getElementById('w-data').textContent"))
    before = page.js(RANK_JS)
    top_before = [r[0] for r in before if r[1] == 1]
    tries = []
    for j, raw in enumerate(data["raw"]):
        top = float(page.js("document.getElementById('w-%d').max" % j))
        tries += [(j, top), (j, 0.0)]
    for j, value in tries:
        moved = page.js("""(function(){var s=document.getElementById('w-%d');
            s.value='%r';s.dispatchEvent(new Event('input'));
            return s.value;})()""" % (j, value))
        after = page.js(RANK_JS)
        if [r[0] for r in after if r[1] == 1] != top_before:
            break
        page.js("document.getElementById('w-reset').click()")
    else:
        return ["%s: no single slider changes the first option" % name]
    arg = "%s=%s" % (data["crit"][j], moved)
    doc = appraise_json(consortia, scenario, [arg])
    want = option_results(doc)
    errs = check_notes(page, data, after, name, arg)
    for o, rank, score, pbest in after:
        w_rank, w_score, w_pbest = want[o]
        # the JSON gives 10 significant figures
        if rank != w_rank or abs(score - w_score) > 1e-8 * max(1, abs(w_score)) \
                or abs(pbest - w_pbest) > 1e-9:
            errs.append("%s: slider %s: option %d rank/score/P(best) %d %.12g "
                        "%.6g in the page, %d %.12g %.6g from appraise --weight"
                        % (name, arg, o, rank, score, pbest, w_rank, w_score,
                           w_pbest))
    if not errs:
        print("ok: %s: slider %s moves first place from %s to %s, as appraise "
              "--weight computes" % (name, arg, data["opt"][top_before[0]],
                                     data["opt"][[r[0] for r in after
                                                  if r[1] == 1][0]]))
    return errs


IDS = ['summary', 'recommendation', 'question', 'criteria', 'uncertainty',
       'sensitivity', 'assumptions', 'provenance', 'contributions',
       'chart-contrib', 'chart-score', 'chart-ranks', 'chart-acceptability',
       'chart-stability', 'changes', 'weights', 'w-data', 'appendix',
       'glossary', 'references']

DOM_JS = """(function(ids){
  var missing = ids.filter(function(i){return !document.getElementById(i);});
  return [missing, document.querySelectorAll('svg[role=img]').length,
          document.querySelectorAll('[id$=-headline]').length];
})(%s)"""

# A4 (210 x 297 mm) less the @page margins (13 and 14 mm) at 96 px/in.
A4_W = round((210 - 26) / 25.4 * 96)
A4_H = (297 - 28) / 25.4 * 96


def pdf_page_one(pdf, path):
    """The text of the PDF's first page (pdftotext, poppler-utils)."""
    with open(path, "wb") as f:
        f.write(pdf)
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8",
                           path, "-"], check=True, capture_output=True
                          ).stdout.decode("utf-8")


def squeeze(text):
    """Text with every space and line break taken out: a sentence wrapped
    over lines in the PDF compares equal to the page's."""
    return re.sub(r"\s+", "", text)


def check_scenario(b, consortia, scenario, work, slider, shots):
    name = os.path.basename(scenario)[:-5]
    html = os.path.join(work, name + ".html")
    subprocess.run([consortia, "appraise", scenario, "--quiet", "--draws",
                    DRAWS, "--format", "html", "-o", html], check=True)
    n_opt = html_options(html)
    page = Page(b, "file://" + html)
    errs = []
    page.load(PHONE, mobile=True)
    width, font = page.js(PHONE_JS)
    page.shot("#summary", shots and os.path.join(shots, name + "-390.png"))
    if width > PHONE:
        errs.append("%s: at %d px the page is %d px wide" % (name, PHONE, width))
    if font < 11:
        errs.append("%s: chart text at %.1f px on a phone" % (name, font))
    page.load(1280)
    missing, charts, heads = page.js(DOM_JS % json.dumps(IDS))
    if missing or charts < 3:
        errs.append("%s: the rendered page lacks %s (%d charts)"
                    % (name, ", ".join(missing), charts))
    if page.shot("#summary", shots and os.path.join(
            shots, name + "-1280.png")) < 20000:
        errs.append("%s: the screenshot is blank" % name)
    sentence = page.js("document.querySelector('#recommendation p.big')"
                       ".textContent")
    # page one: the summary (first in the page, holding the recommendation)
    # laid out for print on an A4 page's width fits one A4 page's height
    page.call("Emulation.setDeviceMetricsOverride",
              {"width": A4_W, "height": 1100, "deviceScaleFactor": 1,
               "mobile": False})
    page.call("Emulation.setEmulatedMedia", {"media": "print"})
    first = page.js("""(function(){var s=document.getElementById('summary');
        if (document.querySelector('main').firstElementChild !== s ||
            !s.querySelector('#recommendation')) return 1e9;
        return s.getBoundingClientRect().height;})()""")
    page.call("Emulation.setEmulatedMedia", {"media": ""})
    if first > A4_H:
        errs.append("%s: page one (the summary with the recommendation) is "
                    "%.0f px tall, more than an A4 page's %.0f" % (name, first,
                                                                 A4_H))
    # the printed pack's page one holds the recommendation sentence
    text = pdf_page_one(page.pdf(), os.path.join(shots or work, name + ".pdf"))
    if not sentence or squeeze(sentence) not in squeeze(text):
        errs.append("%s: the printed PDF's page 1 lacks the recommendation "
                    "%r; its text: %r" % (name, sentence, text[:400]))
    else:
        print("ok: %s: printed page 1 says: %s" % (name, sentence))
    page.js("document.getElementById('appendix').remove()")
    main = page.pdf_pages(page.pdf())
    if 2 <= n_opt <= 3 and main > MAIN_PAGES:
        errs.append("%s: the main part prints on %d A4 pages (at most %d)"
                    % (name, main, MAIN_PAGES))
    print("ok: %s: %d options, %d charts; main part %d A4 pages, page one "
          "%.0f of %.0f px; at 390 px: width %d, smallest chart text %.1f px"
          % (name, n_opt, charts, main, first, A4_H, width, font))
    if slider:
        page.load(1280)
        errs += check_slider(page, consortia, scenario, name)
    return errs


def html_options(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r'<script type="application/json" id="w-data">(.*?)</script>',
                  text, re.S)
    return len(json.loads(m.group(1))["opt"]) if m else 0


def main():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        print("SKIP: chromium is not installed (apt-get install chromium)")
        return 77
    if not shutil.which("pdftotext"):
        print("SKIP: pdftotext is not installed (apt-get install "
              "poppler-utils); the printed pack cannot be read back")
        return 77
    consortia, scenarios = sys.argv[1], sys.argv[2:]
    # the sliders are checked on these (any one shows the mechanism)
    sliders = os.environ.get("CS_SLIDER_SCENARIOS", "medway stoke-north-staffs")
    work = tempfile.mkdtemp()
    # screenshots (page one at 1280 and 390 px) and the printed PDF of
    # each pack go here when it is set (html-chromium.sh sets it)
    shots = os.environ.get("CS_SHOTS_DIR")
    if shots:
        os.makedirs(shots, exist_ok=True)
    errs = []
    b = Browser(exe, os.path.join(work, "profile"))
    try:
        for sc in scenarios:
            errs += check_scenario(b, consortia, sc, work, os.path.basename(
                sc)[:-5] in sliders.split(), shots)
    finally:
        b.close()
        shutil.rmtree(work, ignore_errors=True)
    for e in errs:
        print("FAIL: " + e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
