/** Scene 9: the same scores as multi-label (sigmoid + BCE per label) and multi-class (softmax + CE). */
import type { ChartDataset } from 'chart.js';
import type { MultilabelData, MultilabelView, SceneRequest } from '../../src/protocol';
import { fmt, linearAxis, makeChart, setData, setLabels, type AnyChart } from '../charts';
import { paint, Scene } from '../scene';
import { checkbox, el, select, type TableData } from '../ui';

type State = MultilabelView;

export class MultilabelScene extends Scene<State, MultilabelData> {
  readonly id = 'multilabel';
  private probChart!: AnyChart;
  private gradChart!: AnyChart;

  defaults(): State {
    return { scores: [2, 1.5, -1, -2], labels: [true, true, false, false], target: 0 };
  }

  heading(): { title: string; lines: [string, string] } {
    return { title: this.t.multilabel.title, lines: this.t.multilabel.lines };
  }

  formulas(): string[] {
    return ['bce_with_logits', 'cross_entropy'];
  }

  protected build(): void {
    const t = this.t.multilabel;
    const scores = el('div', { class: 'control-row' });
    const labels = el('div', { class: 'control-row' });
    this.state.scores.forEach((s, k) => {
      scores.append(
        this.stateSlider(
          { label: t.score(k + 1), min: -5, max: 5, step: 0.05, value: s },
          (state, v) => (state.scores[k] = v),
        ).root,
      );
      labels.append(
        checkbox(t.label(k + 1), this.state.labels[k], (on, at) => {
          this.state.labels[k] = on;
          this.changed(at);
        }).root,
      );
    });
    const target = select(
      t.target,
      this.state.scores.map((_, k) => ({ value: String(k), label: t.labelN(k + 1) })),
      String(this.state.target),
      (v, at) => {
        this.state.target = Number(v);
        this.changed(at);
      },
    );
    labels.append(target.root);
    this.controls.append(scores, labels);
    const p = this.palette;
    const bar = (label: string, key: 'blue' | 'orange' | 'green' | 'purple'): ChartDataset<'bar'> =>
      paint({ label, data: [] }, { key, fill: 0.7 }, p);
    this.probChart = makeChart(
      this.canvas(t.probAlt),
      {
        type: 'bar',
        data: { labels: [], datasets: [bar(t.sigmoid, 'blue'), bar(t.softmax, 'orange')] },
        options: {
          scales: { x: { type: 'category' }, y: linearAxis(t.value, { min: 0, max: 1 }) },
          plugins: { title: { display: true, text: t.probTitle } },
        },
      },
      p,
    );
    this.gradChart = makeChart(
      this.canvas(t.gradAlt),
      {
        type: 'bar',
        data: { labels: [], datasets: [bar(t.bceGrad, 'green'), bar(t.ceGrad, 'purple')] },
        options: {
          scales: { x: { type: 'category' }, y: linearAxis(t.value, { min: -1, max: 1 }) },
          plugins: { title: { display: true, text: '' } },
        },
      },
      p,
    );
    this.charts = [this.probChart, this.gradChart];
  }

  request(): SceneRequest {
    return {
      scene: 'multilabel',
      input: { scores: [...this.state.scores], labels: [...this.state.labels], target: this.state.target },
    };
  }

  protected draw(d: MultilabelData): void {
    const t = this.t.multilabel;
    const labels = d.sigmoid.map((_, k) => t.labelN(k + 1));
    setLabels(this.probChart, labels);
    setLabels(this.gradChart, labels);
    setData(this.probChart.data.datasets[0], d.sigmoid);
    setData(this.probChart.data.datasets[1], d.softmax);
    setData(this.gradChart.data.datasets[0], d.bceGrad);
    setData(this.gradChart.data.datasets[1], d.ceGrad);
    this.gradChart.options.plugins!.title!.text = t.gradTitle(fmt(d.bce, 3), fmt(d.ce, 3));
    this.probChart.update('none');
    this.gradChart.update('none');
  }

  table(): TableData {
    const d = this.data;
    const t = this.t.multilabel;
    return {
      caption: t.title,
      head: ['', 's', t.sigmoid, t.bcePer, t.bceGrad, t.softmax, t.ceGrad],
      rows: d
        ? d.sigmoid.map((s, k) => [
            t.labelN(k + 1),
            this.state.scores[k],
            s,
            d.bcePerLabel[k],
            d.bceGrad[k],
            d.softmax[k],
            d.ceGrad[k],
          ])
        : [],
    };
  }
}
