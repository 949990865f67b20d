// Grad-check messages in Simplified Chinese: results rendered with a translator built from the
// zh-cn bundle read in Chinese with the user's values (names, numbers, exception texts) intact,
// and what the runners send renders to the very English they send beside it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GradChecker, gradientSourceOf } from '../../src/gradcheck/checker';
import { nodeRunners } from '../../src/gradcheck/runners/node';
import { discoverLosses } from '../../src/gradcheck/discover';
import { describeFailure } from '../../src/gradcheck/failures';
import { planInputs } from '../../src/gradcheck/inputs';
import { english, render, runnerText, type Translate } from '../../src/gradcheck/messages';
import { detailsText, diagnosticMessage, lensTitle } from '../../src/gradcheck/report';
import type { Outcome } from '../../src/gradcheck/runners/host';
import { ProcessHost } from '../../src/gradcheck/runners/processHost';
import type { CheckRequest, RunnerError } from '../../src/gradcheck/runners/protocol';
import { spawnJsRunner, spawnPythonRunner } from '../../src/gradcheck/runners/spawn';
import { CORPUS, findPython, requirePython } from './gradcheck-helpers';

const bundle = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'),
) as Record<string, string>;

/** vscode.l10n.t with the zh-cn bundle, stricter: a template without a translation fails the test. */
const zh: Translate = (message, ...args) => {
  assert.ok(Object.hasOwn(bundle, message), `no zh-cn translation of ${JSON.stringify(message)}`);
  return english(bundle[message], ...args);
};

const corpus = (f: string): string => path.join(CORPUS, f);

describe('gradcheck messages in Simplified Chinese', function () {
  this.timeout(60_000);
  const checker = new GradChecker(nodeRunners);
  after(() => checker.dispose());

  it('a failure: the verdict, the lens, the diagnostic and the details, with the worst element', async () => {
    const [r] = await checker.checkFile(corpus('losses.ts'), { function: 'l1Loss', t: zh });
    assert.equal(r.verdict, 'fail');
    const [en] = await checker.checkFile(corpus('losses.ts'), { function: 'l1Loss' });
    assert.match(en.message, /^\d+ of 24 values differ/, 'without a translator the message stays English');
    const w = r.worst!;
    assert.match(
      r.message,
      new RegExp(
        `^\\d+ 个值中有 \\d+ 个不一致；差异最大处位于 \\[${w.index[0]}\\]，第 ${w.trial + 1} 个试验点（输入尺度 [\\d.]+）；输入：${r.recipe}，种子 1234；数值：= PyTorch l1\\(\\)，mean$`,
      ),
    );
    assert.match(lensTitle(r, zh), /^✗ 梯度不一致，位置 \[\d+\] · 解析 0\.125，数值 −0\.125$/);
    assert.equal(diagnosticMessage(r, zh), `梯度检查未通过：${r.message}`);
    const details = detailsText(r, zh);
    assert.ok(details.startsWith(`未通过 ${r.file}:${r.line} l1Loss\n  ${r.message}\n`), details);
    assert.ok(
      details.includes(
        `  梯度来源：paired:l1LossGrad\n  求导参数：pred\n  输入：方案 ${r.recipe}，种子 1234，3 个试验点`,
      ),
      details,
    );
    assert.ok(
      details.includes(
        `  最差元素：[${w.index[0]}]，第 ${w.trial + 1} 个试验点：解析 ${w.analytic}，数值 ${w.numeric}`,
      ),
      details,
    );
    assert.match(details, /最大相对误差：[\d.e+-]+（rtol 0\.001，atol 0\.00001）/);
    assert.match(details, /耗时 \d+ 毫秒$/);
  });

  it('a timeout and a memory kill, with the limits and the function name', async () => {
    const [hang] = await checker.checkFile(corpus('hostile/hang.ts'), { timeoutMs: 1000, t: zh });
    assert.equal(hang.verdict, 'error');
    assert.equal(
      hang.message,
      '在检查 hangLoss 时未能在 1 秒内完成（死循环，还是损失函数非常慢？）；运行器已停止，将会重启',
    );
    assert.ok(lensTitle(hang, zh).startsWith('⚠ 出错：在检查 hangLoss 时未能在 1 秒内完成'), lensTitle(hang, zh));
    const outcome = (failure: Outcome['failure'], output = ''): Outcome => ({
      reply: null,
      failure,
      output,
      phase: 'call',
      durationMs: 0,
      loadMs: 0,
    });
    const memory = describeFailure(
      outcome({ kind: 'memory', limitBytes: 400 * 1024 ** 2, rssBytes: 450 * 1024 ** 2 }),
      'python',
      'bomb_loss',
      {},
    );
    assert.equal(
      render(memory.text, zh),
      '在检查 bomb_loss 时使用的内存超过 0.39 GB（常驻内存 0.44 GB）；运行器已停止，将会重启',
    );
    // The user's printed output after a crash is quoted, never translated.
    const exit = describeFailure(
      outcome({ kind: 'exit', code: 9, signal: null }, 'about to exit\n'),
      'typescript',
      'exitingLoss',
      {},
    );
    assert.equal(
      render(exit.text, zh),
      '运行器进程在检查 exitingLoss 时以退出码 9 退出（用户代码中调用了 process.exit？）；将会重启\nabout to exit',
    );
    const start = describeFailure(
      { ...outcome({ kind: 'start', reason: 'spawn /no/python ENOENT' }), phase: null },
      'python',
      'mse',
      { python: '/no/python' },
    );
    assert.equal(
      render(start.text, zh),
      'Python 运行器无法启动：spawn /no/python ENOENT（解释器：/no/python；可用 --python 或 lossPlayground.python 设置指定）',
    );
  });

  it('a bad annotation: each error where it is, the user text quoted', async () => {
    const text = '# gradcheck: pred=randz(8) wrt=nope seed=-1\ndef my_loss(pred, target):\n    return 0.0\n';
    const [loss] = discoverLosses(text, 'python').losses;
    const r = await checker.checkLoss(corpus('unsaved.py'), loss, { text, t: zh });
    assert.equal(r.verdict, 'error');
    assert.equal(
      r.message,
      'gradcheck 注解有误：未知的生成器“randz”（可用的生成器：randn, rand, probs, onehot, labels, binary, signs）（第 1 行，第 14 列）；' +
        'wrt=nope：函数没有参数“nope”（参数：pred, target）（第 1 行，第 28 列）；seed= 需要 [0, 2^32) 内的整数，实际为“-1”（第 1 行，第 37 列）',
    );
    // The diagnostic under the annotation renders the error itself, as the lens service does.
    const [first] = loss.annotation!.errors;
    assert.equal(
      first.message,
      "unknown generator 'randz' (generators: randn, rand, probs, onehot, labels, binary, signs)",
    );
    assert.equal(
      render(first, zh),
      '未知的生成器“randz”（可用的生成器：randn, rand, probs, onehot, labels, binary, signs）',
    );
    const dims = discoverLosses('# gradcheck: pred=randn(0)\ndef my_loss(pred, target):\n    return 0.0\n', 'python')
      .losses[0].annotation!.errors[0];
    assert.equal(render(dims, zh), 'randn(0)：各维度必须是正整数（randn(shape)：标准正态分布的值）');
  });

  it('a JS exception: the exception text and the stack stay as thrown', async () => {
    const [r] = await checker.checkFile(corpus('hostile/misc.js'), { function: 'throwingLoss', t: zh });
    assert.equal(r.message, 'throwingLoss 抛出了 RangeError: the loss is not ready（全部 9 种输入方案结果相同）');
    assert.match(r.traceback!, /RangeError: the loss is not ready\n.*misc\.js:18/);
    const [s] = await checker.checkFile(corpus('hostile/misc.js'), { function: 'stringLoss', t: zh });
    assert.equal(
      s.message,
      'stringLoss 返回了 一个 string（small）；损失函数必须返回一个数（全部 9 种输入方案结果相同）',
    );
  });

  it('skipped for want of a gradient: the names it looked for', async () => {
    const [r] = await checker.checkFile(corpus('losses.ts'), { function: 'logCoshLoss', t: zh });
    assert.equal(r.verdict, 'skipped');
    assert.equal(
      r.message,
      '没有可比较的梯度：logCoshLoss 没有配对的梯度函数（logCoshLossGrad、gradLogCoshLoss 或 @grad NAME）；数值梯度仍可用于绘图',
    );
  });

  describe('from the Python driver', function () {
    const found = findPython();
    let python = '';
    before(function () {
      python = requirePython(this, found).python;
    });

    it('a Python exception: the type, text and line of the user’s exception, its traceback untouched', async () => {
      const [r] = await checker.checkFile(corpus('hostile/raises.py'), { function: 'raising_loss', python, t: zh });
      assert.equal(
        r.message,
        'raising_loss 抛出了 ValueError: the loss is not ready（位于 raises.py:6）（全部 9 种输入方案结果相同）',
      );
      assert.match(
        r.traceback!,
        /^Traceback \(most recent call last\):\n[\s\S]*raises\.py", line 6[\s\S]*ValueError: the loss is not ready\n$/,
      );
      const [exit] = await checker.checkFile(corpus('hostile/exit_in_import.py'), { python, t: zh });
      assert.match(
        exit.message,
        /^导入 exit_in_import\.py 时调用了 sys\.exit\(3\)（位于 exiting_helper\.py:\d+）；会退出的代码应放在 `if __name__ == "__main__":` 之下$/,
      );
    });

    it('a result that is not a scalar, the other recipes listed', async () => {
      const text =
        'import numpy as np\n\ndef picky_loss(pred, target):\n    if pred.ndim == 1:\n        return "high"\n    raise ValueError("not a matrix")\n\ndef picky_loss_grad(pred, target):\n    return pred\n';
      const [r] = await checker.checkFile(corpus('unsaved.py'), { text, python, t: zh });
      assert.match(
        r.message,
        /^picky_loss 返回了 str；损失函数必须返回标量（输入方案 real；其他方案：logits\+labels：picky_loss 抛出了 ValueError: not a matrix/,
      );
      assert.match(
        r.message,
        /）。如果问题出在输入上，请为输入添加注解，例如 # gradcheck: pred=randn\(8\) target=randn\(8\)$/,
      );
    });
    it('an array-valued loss: the sum is checked, and the note says so', async () => {
      const text =
        'import numpy as np\n\ndef elementwise_loss(pred, target):\n    return (pred - target) ** 2\n\ndef elementwise_loss_grad(pred, target):\n    return 2 * (pred - target)\n';
      const [r] = await checker.checkFile(corpus('unsaved.py'), { text, python, t: zh });
      assert.equal(r.verdict, 'pass', r.message);
      assert.match(r.warnings.join('\n'), /^elementwise_loss 返回形状为 \(8,\) 的数组：检查的是其元素之和的梯度/);
    });
  });
});

describe('runner messages on the wire', function () {
  this.timeout(60_000);
  const hosts: ProcessHost[] = [];
  after(() => hosts.forEach((h) => h.dispose()));

  /** A runner's outcome for the loss `name` (default: the first) of `text`. */
  async function check(
    host: ProcessHost,
    file: string,
    text: string,
    language: 'python' | 'typescript',
    o: { name?: string; t?: Translate } = {},
  ): Promise<Outcome> {
    hosts.push(host);
    const loss = discoverLosses(text, language).losses.find((l) => o.name === undefined || l.name === o.name)!;
    const plan = planInputs(loss, 1234);
    const request: CheckRequest = {
      op: 'check',
      file,
      text,
      target: { name: loss.name, kind: 'function' },
      recipes: plan.recipes,
      wrt: plan.wrt,
      gradient: gradientSourceOf(loss).source,
      step: 1e-6,
      projectionAbove: 4096,
      projectionDirections: 16,
      projectionSeed: 1234,
      rtol: 1e-3,
      probes: [],
      framework: 'numpy',
    };
    return host.request(request, { timeoutMs: 20_000, memoryLimitBytes: 2 * 1024 ** 3, ...(o.t ? { t: o.t } : {}) });
  }

  /** The raw error a runner sends for the first loss of `text`. */
  async function runnerError(
    host: ProcessHost,
    file: string,
    text: string,
    language: 'python' | 'typescript',
  ): Promise<RunnerError> {
    const outcome = await check(host, file, text, language);
    const reply = outcome.reply as { ok: boolean; error?: RunnerError };
    assert.equal(reply.ok, false, JSON.stringify(reply));
    return reply.error!;
  }

  it('the JS child: a template and arguments that render to the English it sends', async () => {
    const text =
      "function mixedLoss(p, y) { if (p.length === 8) throw new TypeError('eight'); return 'high'; }\nfunction mixedLossGrad(p, y) { return p; }\n";
    const e = await runnerError(
      new ProcessHost(() => spawnJsRunner(2 * 1024 ** 3)),
      corpus('unsaved.js'),
      text,
      'typescript',
    );
    assert.ok(e.template, JSON.stringify(e));
    assert.match(
      e.message,
      /^mixedLoss threw TypeError: eight \(with input recipe [\w+-]+; other recipes: [\w+-]+: mixedLoss returned a string \(high\); a loss must return a number/,
    );
    assert.equal(render(runnerText(e)), e.message);
  });

  it('the Python driver: the same, including a list clipped to 400 characters', async function () {
    const python = requirePython(this, findPython()).python;
    const text =
      "def mixed_loss(pred, target):\n    if pred.ndim == 1:\n        raise KeyError('x' * 300)\n    return 'high'\n";
    const e = await runnerError(new ProcessHost(() => spawnPythonRunner(python)), corpus('unsaved.py'), text, 'python');
    assert.ok(e.template, JSON.stringify(e));
    assert.match(e.message, /other recipes: logits\+labels: mixed_loss returned str; a loss must return a scalar/);
    assert.equal(render(runnerText(e)), e.message);
    assert.match(
      render(runnerText(e), (m, ...a) => english(bundle[m] ?? m, ...a)),
      /^mixed_loss 抛出了 KeyError: 'x{300}'（位于 unsaved\.py:3）（输入方案 real；其他方案：/,
    );
  });

  it('the note where the host cut a chatty loss’s printed output, in the caller’s language', async () => {
    const file = corpus('hostile/misc.js');
    const outcome = await check(
      new ProcessHost(() => spawnJsRunner(2 * 1024 ** 3)),
      file,
      readFileSync(file, 'utf8'),
      'typescript',
      { name: 'chattyLoss', t: zh },
    );
    assert.ok(outcome.reply, JSON.stringify(outcome.failure));
    assert.match(outcome.output, /\n… 省略了 \d+ 个字符 …\n/);
  });

  it('a message from a runner that is not one of ours is shown as the English it came with', () => {
    assert.equal(
      render(runnerText({ message: 'plain', template: 'rm -rf {0}', args: ['/'] }), () => 'translated'),
      'plain',
    );
    assert.equal(
      render(
        runnerText({ message: 'plain', template: '{0} returned {1}', args: [{ template: 'nope' }] }),
        () => 'translated',
      ),
      'plain',
    );
    assert.equal(
      render(runnerText({ message: 'plain' }), () => 'translated'),
      'plain',
    );
  });
});
