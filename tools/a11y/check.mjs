// Check a self-contained HTML page against WCAG 2.1 A and AA with axe-core
// in headless Chromium, and check that the page makes no network requests
// and shows text with JavaScript disabled.
//
// Usage: node tools/a11y/check.mjs FILE.html [--screenshots DIR]
// Exit status: 0 if every check passes, 1 if any check fails, 2 on a usage
// or setup error.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const chromiumPath = '/usr/bin/chromium';
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// axe-core 4.14 tags these WCAG 2.1 A and AA rules experimental, so the tags
// above do not turn them on. td-has-header is the rule that catches a data
// table whose header row is made of <td> cells. Experimental rules may report
// false positives.
const extraRules = Object.fromEntries(
  ['css-orientation-lock', 'p-as-heading', 'table-fake-caption', 'td-has-header']
    .map((id) => [id, { enabled: true }]),
);
const viewport = { width: 1280, height: 900 };
const timeoutMs = 120_000;
const maxSnippetChars = 300;

const usage = `usage: node tools/a11y/check.mjs FILE.html [--screenshots DIR]

Runs axe-core (tags ${axeTags.join(', ')}) on FILE.html in headless Chromium,
fails on any network request that is not to a file: or data: URL, and fails
if the page shows no text with JavaScript disabled.

  --screenshots DIR  also save DIR/page.png (the full page) and one
                     DIR/ID.png for each <section> element with an id

Exit status: 0 if every check passes, 1 if any check fails, 2 on a usage
or setup error.`;

const toolDir = path.dirname(fileURLToPath(import.meta.url));

// Print a setup or usage error and exit with status 2.
function exitSetupError(message) {
  console.error(`check.mjs: ${message}`);
  process.exit(2);
}

function parseCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        screenshots: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    exitSetupError(`${err.message}\n\n${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (parsed.positionals.length !== 1) {
    exitSetupError(`expected one HTML file, got ${parsed.positionals.length} arguments\n\n${usage}`);
  }
  const htmlFile = path.resolve(parsed.positionals[0]);
  if (!fs.existsSync(htmlFile) || !fs.statSync(htmlFile).isFile()) {
    exitSetupError(`${parsed.positionals[0]}: file not found`);
  }
  return { htmlFile, screenshotsDir: parsed.values.screenshots };
}

// Load playwright-core and the axe-core source from tools/a11y/node_modules.
async function loadDependencies() {
  if (!fs.existsSync(chromiumPath)) {
    exitSetupError(`${chromiumPath} not found. Install it with: bash tools/a11y/setup.sh`
      + ' (or apt-get install -y chromium)');
  }
  const require = createRequire(path.join(toolDir, 'package.json'));
  try {
    const { chromium } = require('playwright-core');
    const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    return { chromium, axeSource };
  } catch (err) {
    exitSetupError(`cannot load playwright-core or axe-core (${err.code ?? err.message}).`
      + ' Install them with: bash tools/a11y/setup.sh');
  }
}

// Open a context whose pages may not reach the network. Each request that is
// not to a file: or data: URL is aborted and recorded in networkRequests, a
// map from "METHOD URL" to the set of resource types that requested it.
async function newIsolatedContext(browser, javaScriptEnabled, networkRequests) {
  const context = await browser.newContext({ javaScriptEnabled, viewport });
  const isLocal = (url) => url.protocol === 'file:' || url.protocol === 'data:';
  context.on('request', (request) => {
    if (isLocal(new URL(request.url()))) {
      return;
    }
    const key = `${request.method()} ${request.url()}`;
    if (!networkRequests.has(key)) {
      networkRequests.set(key, new Set());
    }
    networkRequests.get(key).add(request.resourceType());
  });
  await context.route((url) => !isLocal(url), (route) => route.abort('blockedbyclient'));
  return context;
}

// Run axe-core on the page. axe needs JavaScript because it waits on timers,
// which Chromium does not fire with JavaScript disabled, so this page has it
// enabled. page.evaluate also works where a Content-Security-Policy would
// reject an injected <script> element.
async function runAxe(page, axeSource) {
  await page.evaluate(axeSource);
  return page.evaluate(
    ({ tags, rules }) => window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      rules,
      resultTypes: ['violations', 'incomplete'],
    }),
    { tags: axeTags, rules: extraRules },
  );
}

function formatTarget(target) {
  return target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' ');
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function truncate(text, maxChars) {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…`;
}

function printViolations(violations) {
  for (const violation of violations) {
    console.log(`\n${violation.id} (${violation.impact}): ${violation.help}`);
    console.log(`  ${violation.helpUrl}`);
    for (const node of violation.nodes) {
      console.log(`  - ${formatTarget(node.target)}`);
      console.log(`    ${truncate(node.html.replace(/\s+/g, ' '), maxSnippetChars)}`);
      for (const line of (node.failureSummary ?? '').split('\n')) {
        if (line.trim() !== '') {
          console.log(`    ${line.trim()}`);
        }
      }
    }
  }
}

// Print the rules that axe could not decide, such as a contrast check over a
// background image. They need a person to look, and do not fail the check.
function printIncomplete(incomplete) {
  if (incomplete.length === 0) {
    return;
  }
  console.log('\nneeds review by a person (does not fail the check):');
  for (const result of incomplete) {
    console.log(`  ${result.id}: ${result.help} (${plural(result.nodes.length, 'element')})`);
    const reasons = new Map();
    for (const node of result.nodes) {
      const reason = [...node.any, ...node.all, ...node.none].map((check) => check.message).join(' ');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [reason, count] of reasons) {
      console.log(`    ${plural(count, 'element')}: ${reason}`);
    }
    const targets = result.nodes.map((node) => formatTarget(node.target));
    console.log(`    ${truncate(targets.join(', '), maxSnippetChars)}`);
  }
}

// Save page.png and one PNG per <section> element with an id. A character
// that is unsafe in a file name is replaced with "_". Chromium cannot
// capture an image taller than its texture limit, so a page or section
// that is too tall is skipped with a note instead of failing the check.
async function saveScreenshots(page, dir) {
  fs.mkdirSync(dir, { recursive: true });
  let saved = 0;
  const skipped = [];
  try {
    await page.screenshot({ path: path.join(dir, 'page.png'), fullPage: true });
    saved++;
  } catch (err) {
    skipped.push(`page.png (${firstLine(err.message)})`);
  }
  const sections = page.locator('section[id]');
  const count = await sections.count();
  for (let i = 0; i < count; i++) {
    const section = sections.nth(i);
    const id = await section.getAttribute('id');
    const name = id.replace(/[^A-Za-z0-9._-]/g, '_');
    try {
      await section.screenshot({ path: path.join(dir, `${name}.png`) });
      saved++;
    } catch (err) {
      skipped.push(`${name}.png (${firstLine(err.message)})`);
    }
  }
  console.log(`screenshots: ${saved} PNG files in ${dir}`);
  for (const s of skipped) {
    console.log(`  not saved, too large to capture: ${s}`);
  }
}

function firstLine(text) {
  return String(text).split('\n')[0];
}

async function main() {
  const { htmlFile, screenshotsDir } = parseCommandLine();
  const { chromium, axeSource } = await loadDependencies();
  const url = pathToFileURL(htmlFile).href;

  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath });
  } catch (err) {
    exitSetupError(`failed to start ${chromiumPath}: ${err.message}`);
  }

  const networkRequests = new Map();
  const failures = [];
  try {
    const axeContext = await newIsolatedContext(browser, true, networkRequests);
    const axePage = await axeContext.newPage();
    await axePage.goto(url, { waitUntil: 'load' });
    const results = await runAxe(axePage, axeSource);

    // A second load with JavaScript disabled, as a reader with scripts
    // blocked would see the page.
    const staticContext = await newIsolatedContext(browser, false, networkRequests);
    const staticPage = await staticContext.newPage();
    await staticPage.goto(url, { waitUntil: 'load' });
    const staticText = await staticPage.evaluate(() => document.body?.innerText.trim() ?? '');
    const scriptCount = await staticPage.locator('script').count();
    if (screenshotsDir) {
      await saveScreenshots(staticPage, screenshotsDir);
    }

    console.log(`${htmlFile}: axe-core ${results.testEngine.version}, ${plural(results.violations.length, 'rule')} violated`);
    printViolations(results.violations);
    printIncomplete(results.incomplete);
    if (results.violations.length > 0) {
      const nodeCount = results.violations.reduce((sum, v) => sum + v.nodes.length, 0);
      failures.push(`${plural(results.violations.length, 'axe rule')} violated on ${plural(nodeCount, 'element')}`);
    }
    if (networkRequests.size > 0) {
      // axe-core also fetches the page's external stylesheets, which shows up
      // as an extra "xhr" request for the same URL.
      console.log('\nnetwork requests, all blocked (the page must be self-contained):');
      for (const [request, types] of networkRequests) {
        console.log(`  - ${request} (${[...types].join(', ')})`);
      }
      failures.push(plural(networkRequests.size, 'network request'));
    }
    if (staticText === '') {
      failures.push('the page body shows no text with JavaScript disabled');
    }
    if (scriptCount > 0) {
      console.log(`\nnote: the page has ${plural(scriptCount, '<script> element')}, and axe checked the page after they ran`);
    }
  } finally {
    await browser.close();
  }

  if (failures.length > 0) {
    console.log(`\nFAIL: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('\nok: no axe violations, no network requests, text shown without JavaScript');
}

setTimeout(() => exitSetupError(`timed out after ${timeoutMs / 1000} s`), timeoutMs).unref();
main().catch((err) => exitSetupError(err.stack ?? String(err)));
