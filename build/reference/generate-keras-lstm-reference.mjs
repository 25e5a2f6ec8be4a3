// Generates Microsoft.ML.Lstm.Tests/TestData/keras_lstm_reference.json: forward outputs, final states and
// gradients of a Keras-semantics LSTM (single layers and stacks), computed with TensorFlow.js on its pure-JS
// CPU backend in float32.
//
//   cd build/reference && npm ci && node generate-keras-lstm-reference.mjs
//
// Keras LSTM semantics (gate order i, f, c, o):
//   z   = x_t·kernel + h_{t-1}·recurrent_kernel + bias      kernel [p,4m], recurrent_kernel [m,4m], bias [4m]
//   i   = ra(z_i), f = ra(z_f), g = a(z_c), o = ra(z_o)
//   c_t = f*c_{t-1} + i*g,  h_t = o*a(c_t)
// go_backwards reads the sequence from its end, and the returned sequence is in processing order (as Keras).
//
// Two paths compute a case:
//   "layers": tf.layers.lstm itself (activation and recurrentActivation always passed explicitly: TF.js defaults
//             recurrentActivation to hardSigmoid), gradients by tf.variableGrads;
//   "ops":    our own op-level LSTM in tfjs ops, gradients by tf.grads autodiff. Used for activations that
//             tf.layers.lstm does not know (Keras 3 hard_sigmoid, hard_silu, exponential) and for gelu, whose
//             reference must use the exact erf (tf.erf on the CPU backend is Abramowitz-Stegun 7.1.26, error up
//             to 1.5e-7), so our gelu is a tf.customGrad op evaluated in float64 and rounded to float32. Also
//             used for T = 1 cases: tf.layers.lstm cannot be differentiated there (its forward is still compared).
// The ops path is cross-checked against tf.layers.lstm on every case that the layers path computes (forward and
// every gradient, max abs diff must be < 1e-6), and every case is checked against an independent float64
// plain-JS LSTM, whose gradients come from central finite differences. The keras_known_values* cases assert the
// outputs that Keras' own tests expect (to 1e-6).
//
// Inputs are batch-major [B, T, p]; stacks: go_backwards on every layer, inner layers return sequences, the initial
// state goes to the first layer only. Numbers are written as the shortest decimal that parses to the float32.

import * as tf from '@tensorflow/tfjs';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

await tf.setBackend('cpu');
await tf.ready();

const here = dirname(fileURLToPath(import.meta.url));
const outPath = resolve(here, '../../Microsoft.ML.Lstm.Tests/TestData/keras_lstm_reference.json');
const SEED = 20240611;

// ---------------------------------------------------------------- random numbers (fixed seed, float32 values)
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const uniform = (n, lo, hi) => Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * rand()));

// ---------------------------------------------------------------- exact erf / gelu (float64)
// erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)): all terms positive, no cancellation.
function erf64(x) {
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  let term = ax, sum = ax;
  for (let n = 0; n < 500; n++) {
    term *= (2 * ax * ax) / (2 * n + 3);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
}
const gelu64 = (x) => 0.5 * x * (1 + erf64(x / Math.SQRT2));
const geluGrad64 = (x) => 0.5 * (1 + erf64(x / Math.SQRT2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

const mapF32 = (t, f) => {
  const v = t.dataSync();
  const out = new Float32Array(v.length);
  for (let k = 0; k < v.length; k++) out[k] = f(v[k]);
  return tf.tensor(out, t.shape, 'float32');
};
const geluExact = tf.customGrad((x, save) => {
  save([x]);
  return {
    value: mapF32(x, gelu64),
    gradFunc: (dy, [xs]) => tf.mul(dy, mapF32(xs, geluGrad64)),
  };
});

// ---------------------------------------------------------------- activations (our names)
// tfjs: the name tf.layers.lstm accepts, or null when it has no such activation (then the ops path is used).
// ops:  the same function in tfjs ops, written as tf.layers writes it where it has it.
// f64:  float64 twin for the independent check.
const sigmoid64 = (x) => 1 / (1 + Math.exp(-x));
const softplus64 = (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const relu6_64 = (x) => Math.min(6, Math.max(0, x));
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const ACTIVATIONS = {
  tanh: { tfjs: 'tanh', ops: (x) => tf.tanh(x), f64: Math.tanh },
  sigmoid: { tfjs: 'sigmoid', ops: (x) => tf.sigmoid(x), f64: sigmoid64 },
  hard_sigmoid_keras2: {
    tfjs: 'hardSigmoid',
    ops: (x) => tf.clipByValue(tf.add(0.5, tf.mul(0.2, x)), 0, 1),
    f64: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
  },
  relu: { tfjs: 'relu', ops: (x) => tf.relu(x), f64: (x) => Math.max(0, x) },
  relu6: { tfjs: 'relu6', ops: (x) => tf.minimum(6.0, tf.relu(x)), f64: relu6_64 },
  linear: { tfjs: 'linear', ops: (x) => x, f64: (x) => x },
  elu: { tfjs: 'elu', ops: (x) => tf.elu(x), f64: (x) => (x > 0 ? x : Math.expm1(x)) },
  selu: {
    tfjs: 'selu',
    ops: (x) => tf.selu(x),
    f64: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  },
  softplus: { tfjs: 'softplus', ops: (x) => tf.softplus(x), f64: softplus64 },
  softsign: { tfjs: 'softsign', ops: (x) => tf.div(x, tf.add(tf.abs(x), 1)), f64: (x) => x / (1 + Math.abs(x)) },
  silu: { tfjs: 'swish', ops: (x) => tf.mul(tf.sigmoid(x), x), f64: (x) => x * sigmoid64(x) },
  // Keras 3 gelu by name is approximate=False: x * Phi(x) with the exact erf.
  gelu: { tfjs: 'gelu', forceOps: true, ops: (x) => geluExact(x), f64: gelu64 },
  mish: { tfjs: 'mish', ops: (x) => tf.mul(x, tf.tanh(tf.softplus(x))), f64: (x) => x * Math.tanh(softplus64(x)) },
  // Keras 3 hard_sigmoid: relu6(x + 3) / 6.
  hard_sigmoid: { tfjs: null, ops: (x) => tf.div(tf.relu6(tf.add(x, 3)), 6), f64: (x) => relu6_64(x + 3) / 6 },
  // Keras 3 hard_silu: x * hard_sigmoid(x).
  hard_silu: {
    tfjs: null,
    ops: (x) => tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6)),
    f64: (x) => (x * relu6_64(x + 3)) / 6,
  },
  exponential: { tfjs: null, ops: (x) => tf.exp(x), f64: Math.exp },
};
const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);

// ---------------------------------------------------------------- case data
// spec: { name, batch, timeSteps, features, goBackwards, returnSequences, hasInitialState,
//         layers: [{ units, activation, recurrentActivation, useBias }], weightScale?, inputScale? }
function makeData(spec) {
  const ws = spec.weightScale ?? 0.5;
  const xs = spec.inputScale ?? 1;
  const B = spec.batch, T = spec.timeSteps;
  let p = spec.features;
  const layers = spec.layers.map((l) => {
    const m = l.units;
    const layer = {
      ...l,
      inputDim: p,
      kernel: uniform(p * 4 * m, -ws, ws),
      recurrentKernel: uniform(m * 4 * m, -ws, ws),
      bias: l.useBias ? uniform(4 * m, -ws, ws) : [],
    };
    p = m;
    return layer;
  });
  const m0 = spec.layers[0].units;
  const mLast = spec.layers[spec.layers.length - 1].units;
  const x = uniform(B * T * spec.features, -xs, xs);
  const h0 = spec.hasInitialState ? uniform(B * m0, -1, 1) : [];
  const c0 = spec.hasInitialState ? uniform(B * m0, -1, 1) : [];
  const outLen = spec.returnSequences ? B * T * mLast : B * mLast;
  const upstream = uniform(outLen, -1, 1);
  return { ...spec, layers, x, h0, c0, upstream };
}

// Tensors of a case, in a fixed order: [x, h0, c0, (kernel, recurrentKernel, bias?) per layer].
function caseTensors(d) {
  const B = d.batch, m0 = d.layers[0].units;
  const list = [tf.tensor3d(d.x, [B, d.timeSteps, d.features])];
  list.push(d.hasInitialState ? tf.tensor2d(d.h0, [B, m0]) : tf.zeros([B, m0]));
  list.push(d.hasInitialState ? tf.tensor2d(d.c0, [B, m0]) : tf.zeros([B, m0]));
  for (const l of d.layers) {
    list.push(tf.tensor2d(l.kernel, [l.inputDim, 4 * l.units]));
    list.push(tf.tensor2d(l.recurrentKernel, [l.units, 4 * l.units]));
    if (l.useBias) list.push(tf.tensor1d(l.bias));
  }
  return list;
}

function upstreamTensor(d) {
  const mLast = d.layers[d.layers.length - 1].units;
  return d.returnSequences
    ? tf.tensor3d(d.upstream, [d.batch, d.timeSteps, mLast])
    : tf.tensor2d(d.upstream, [d.batch, mLast]);
}

// Unpacks gradients in caseTensors order into the JSON fields.
function unpackGrads(d, grads) {
  const r = { dX: Array.from(grads[0].dataSync()), dH0: [], dC0: [], layers: [] };
  if (d.hasInitialState) {
    r.dH0 = Array.from(grads[1].dataSync());
    r.dC0 = Array.from(grads[2].dataSync());
  }
  let k = 3;
  for (const l of d.layers) {
    const g = { dKernel: Array.from(grads[k++].dataSync()), dRecurrentKernel: Array.from(grads[k++].dataSync()), dBias: [] };
    if (l.useBias) g.dBias = Array.from(grads[k++].dataSync());
    r.layers.push(g);
  }
  return r;
}

// ---------------------------------------------------------------- ops path
function lstmLayerOps(x, h0, c0, W, U, b, act, rec, goBackwards) {
  const [B, T, p] = x.shape;
  // Slices rather than tf.unstack, whose gradient breaks on T = 1 (and whose output array the tape keeps).
  const steps = Array.from({ length: T }, (_, s) => {
    const t = goBackwards ? T - 1 - s : s;
    return tf.reshape(tf.slice(x, [0, t, 0], [B, 1, p]), [B, p]);
  });
  let h = h0, c = c0;
  const outs = [];
  for (const xt of steps) {
    let z = tf.matMul(xt, W);
    z = tf.add(z, tf.matMul(h, U));
    if (b) z = tf.add(z, b);
    const [z0, z1, z2, z3] = tf.split(z, 4, 1);
    const i = rec(z0);
    const f = rec(z1);
    c = tf.add(tf.mul(f, c), tf.mul(i, act(z2)));
    const o = rec(z3);
    h = tf.mul(o, act(c));
    outs.push(h);
  }
  return { seq: tf.stack(outs, 1), h, c };
}

function forwardOps(d, tensors) {
  const [x, h0, c0] = tensors;
  let k = 3, input = x, res;
  d.layers.forEach((l, idx) => {
    const W = tensors[k++], U = tensors[k++], b = l.useBias ? tensors[k++] : null;
    const B = d.batch;
    const hi = idx === 0 ? h0 : tf.zeros([B, l.units]);
    const ci = idx === 0 ? c0 : tf.zeros([B, l.units]);
    res = lstmLayerOps(input, hi, ci, W, U, b, ACTIVATIONS[l.activation].ops, ACTIVATIONS[l.recurrentActivation].ops, d.goBackwards);
    input = res.seq;
  });
  return { output: d.returnSequences ? res.seq : res.h, h: res.h, c: res.c };
}

function runOps(d) {
  return tf.tidy(() => {
    const tensors = caseTensors(d);
    const up = upstreamTensor(d);
    const fwd = forwardOps(d, tensors);
    const lossFn = (...args) => tf.sum(tf.mul(forwardOps(d, args).output, up));
    const grads = tf.grads(lossFn)(tensors);
    return {
      output: Array.from(fwd.output.dataSync()),
      hT: Array.from(fwd.h.dataSync()),
      cT: Array.from(fwd.c.dataSync()),
      ...unpackGrads(d, grads),
    };
  });
}

// ---------------------------------------------------------------- layers path (tf.layers.lstm)
// forwardOnly: output and final state only. tf.layers.lstm cannot be differentiated when T = 1 (in tfjs 4.22 the
// gradient of its tf.unstack over time hands tf.stack a lone tensor and throws), so those cases take the ops path.
function runLayers(d, forwardOnly = false) {
  const built = d.layers.map((l, idx) => {
    const last = idx === d.layers.length - 1;
    const layer = tf.layers.lstm({
      units: l.units,
      activation: ACTIVATIONS[l.activation].tfjs,
      recurrentActivation: ACTIVATIONS[l.recurrentActivation].tfjs,
      useBias: l.useBias,
      returnSequences: last ? d.returnSequences : true,
      returnState: last,
      goBackwards: d.goBackwards,
    });
    // Build the weights by one call on zeros; setWeights then replaces them.
    tf.tidy(() => { layer.apply(tf.zeros([d.batch, d.timeSteps, l.inputDim])); });
    return layer;
  });
  const result = tf.tidy(() => {
    const tensors = caseTensors(d);
    let k = 3;
    built.forEach((layer, idx) => {
      const l = d.layers[idx];
      const ws = [tensors[k++], tensors[k++]];
      if (l.useBias) ws.push(tensors[k++]);
      layer.setWeights(ws);
    });
    const xVar = tf.variable(tensors[0], true);
    const h0Var = tf.variable(tensors[1], true);
    const c0Var = tf.variable(tensors[2], true);
    const weightVars = built.flatMap((layer) => layer.trainableWeights.map((w) => w.val));
    // The layer's own weight order must be kernel, recurrent_kernel, bias.
    built.forEach((layer, idx) => {
      const names = layer.trainableWeights.map((w) => w.originalName.split('/').pop());
      const want = d.layers[idx].useBias ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'recurrent_kernel'];
      if (names.join() !== want.join()) throw new Error(`unexpected weight order ${names}`);
    });
    const up = upstreamTensor(d);
    const forward = () => {
      let input = xVar, out;
      built.forEach((layer, idx) => {
        out = idx === 0 && d.hasInitialState ? layer.apply(input, { initialState: [h0Var, c0Var] }) : layer.apply(input);
        input = out;
      });
      return out; // last layer: [output, h, c]
    };
    const [output, h, c] = forward();
    const vars = [xVar, h0Var, c0Var, ...weightVars];
    if (forwardOnly) {
      const r = { output: Array.from(output.dataSync()), hT: Array.from(h.dataSync()), cT: Array.from(c.dataSync()) };
      xVar.dispose(); h0Var.dispose(); c0Var.dispose();
      return r;
    }
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(forward()[0], up)), vars);
    const ordered = vars.map((v) => grads[v.name]);
    const r = {
      output: Array.from(output.dataSync()),
      hT: Array.from(h.dataSync()),
      cT: Array.from(c.dataSync()),
      ...unpackGrads(d, ordered),
    };
    xVar.dispose(); h0Var.dispose(); c0Var.dispose();
    return r;
  });
  built.forEach((layer) => layer.dispose());
  return result;
}

// ---------------------------------------------------------------- independent float64 check
function forward64(d, P) {
  // P: { x, h0, c0, layers: [{ kernel, recurrentKernel, bias }] } as plain arrays (float64).
  const B = d.batch, T = d.timeSteps;
  let input = P.x, inDim = d.features, seq, hLast, cLast;
  d.layers.forEach((l, idx) => {
    const m = l.units, W = P.layers[idx].kernel, U = P.layers[idx].recurrentKernel, bias = P.layers[idx].bias;
    const act = ACTIVATIONS[l.activation].f64, rec = ACTIVATIONS[l.recurrentActivation].f64;
    seq = new Float64Array(B * T * m);
    hLast = new Float64Array(B * m);
    cLast = new Float64Array(B * m);
    for (let bi = 0; bi < B; bi++) {
      const h = new Float64Array(m), c = new Float64Array(m);
      if (idx === 0 && d.hasInitialState) for (let j = 0; j < m; j++) { h[j] = P.h0[bi * m + j]; c[j] = P.c0[bi * m + j]; }
      for (let s = 0; s < T; s++) {
        const t = d.goBackwards ? T - 1 - s : s;
        const z = new Float64Array(4 * m);
        for (let q = 0; q < 4 * m; q++) {
          let acc = l.useBias ? bias[q] : 0;
          for (let r = 0; r < inDim; r++) acc += input[(bi * T + t) * inDim + r] * W[r * 4 * m + q];
          for (let r = 0; r < m; r++) acc += h[r] * U[r * 4 * m + q];
          z[q] = acc;
        }
        for (let j = 0; j < m; j++) {
          const i = rec(z[j]), f = rec(z[m + j]), g = act(z[2 * m + j]), o = rec(z[3 * m + j]);
          c[j] = f * c[j] + i * g;
          h[j] = o * act(c[j]);
          seq[(bi * T + s) * m + j] = h[j];
        }
      }
      hLast.set(h, bi * m);
      cLast.set(c, bi * m);
    }
    input = seq;
    inDim = m;
  });
  const output = d.returnSequences ? seq : hLast;
  let loss = 0;
  for (let k = 0; k < output.length; k++) loss += output[k] * d.upstream[k];
  return { output, hT: hLast, cT: cLast, loss };
}

function check64(d, ref) {
  const P = {
    x: Float64Array.from(d.x), h0: Float64Array.from(d.h0), c0: Float64Array.from(d.c0),
    layers: d.layers.map((l) => ({ kernel: Float64Array.from(l.kernel), recurrentKernel: Float64Array.from(l.recurrentKernel), bias: Float64Array.from(l.bias) })),
  };
  const f = forward64(d, P);
  let fwdDiff = 0;
  for (const [a, b] of [[f.output, ref.output], [f.hT, ref.hT], [f.cT, ref.cT]]) {
    for (let k = 0; k < a.length; k++) fwdDiff = Math.max(fwdDiff, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(a[k])));
  }
  const eps = 1e-5;
  let gradDiff = 0;
  const fd = (arr, grad) => {
    for (let k = 0; k < arr.length; k++) {
      const keep = arr[k];
      arr[k] = keep + eps; const lp = forward64(d, P).loss;
      arr[k] = keep - eps; const lm = forward64(d, P).loss;
      arr[k] = keep;
      const g = (lp - lm) / (2 * eps);
      gradDiff = Math.max(gradDiff, Math.abs(g - grad[k]) / Math.max(1, Math.abs(g)));
    }
  };
  fd(P.x, ref.dX);
  if (d.hasInitialState) { fd(P.h0, ref.dH0); fd(P.c0, ref.dC0); }
  P.layers.forEach((pl, idx) => {
    fd(pl.kernel, ref.layers[idx].dKernel);
    fd(pl.recurrentKernel, ref.layers[idx].dRecurrentKernel);
    if (d.layers[idx].useBias) fd(pl.bias, ref.layers[idx].dBias);
  });
  return { fwdDiff, gradDiff };
}

function maxAbsDiff(a, b) {
  const forwardOnly = !('dX' in b);
  const fields = forwardOnly ? ['output', 'hT', 'cT'] : ['output', 'hT', 'cT', 'dX', 'dH0', 'dC0'];
  let m = 0;
  const cmp = (u, v) => {
    if (u.length !== v.length) throw new Error(`length mismatch ${u.length} vs ${v.length}`);
    for (let k = 0; k < u.length; k++) m = Math.max(m, Math.abs(u[k] - v[k]));
  };
  for (const f of fields) { const before = m; cmp(a[f], b[f]); if (process.env.DEBUG && m > before) console.log("  diff in", f, m); }
  if (!forwardOnly) a.layers.forEach((la, idx) => { for (const f of ['dKernel', 'dRecurrentKernel', 'dBias']) cmp(la[f], b.layers[idx][f]); });
  return m;
}

// ---------------------------------------------------------------- the cases
const specs = [];
const layer = (units, activation = 'tanh', recurrentActivation = 'sigmoid', useBias = true) => ({ units, activation, recurrentActivation, useBias });
// Shapes cycled over the activation cases: [B, T, p, m]; m not a multiple of 4 and p = 1 included.
const shapes = [[2, 4, 3, 5], [3, 5, 1, 3], [2, 6, 2, 4], [3, 4, 3, 2], [2, 5, 1, 5], [3, 6, 2, 3], [2, 4, 2, 1]];
let shapeIdx = 0;
const activationCase = (name, act, rec) => {
  const [B, T, p, m] = shapes[shapeIdx++ % shapes.length];
  const small = act === 'exponential' || rec === 'exponential';
  specs.push({
    name, batch: B, timeSteps: T, features: p, goBackwards: false, returnSequences: true, hasInitialState: true,
    layers: [layer(m, act, rec)],
    // exponential: smaller weights and inputs, so that exp never comes near overflow.
    ...(small ? { weightScale: 0.25, inputScale: 0.5 } : {}),
  });
};

specs.push({ name: 'tanh_sigmoid_basic', batch: 2, timeSteps: 5, features: 3, goBackwards: false, returnSequences: true, hasInitialState: true, layers: [layer(4)] });
for (const a of ACTIVATION_NAMES) activationCase(`act_${a}__rec_sigmoid`, a, 'sigmoid');
for (const r of ACTIVATION_NAMES) if (r !== 'sigmoid') activationCase(`act_tanh__rec_${r}`, 'tanh', r);

const structural = [
  ['return_sequences_false', 3, 5, 2, 3, { returnSequences: false, hasInitialState: true }],
  ['no_initial_state_sequences', 2, 4, 3, 5, { returnSequences: true, hasInitialState: false }],
  ['no_initial_state_last', 3, 6, 1, 2, { returnSequences: false, hasInitialState: false }],
  ['go_backwards_sequences', 2, 5, 3, 3, { goBackwards: true, returnSequences: true, hasInitialState: true }],
  ['go_backwards_last', 3, 4, 2, 5, { goBackwards: true, returnSequences: false, hasInitialState: true }],
  ['go_backwards_no_initial_state', 2, 6, 1, 4, { goBackwards: true, returnSequences: true, hasInitialState: false }],
  ['no_bias_sequences', 2, 5, 2, 3, { returnSequences: true, hasInitialState: true, useBias: false }],
  ['no_bias_last', 3, 4, 3, 5, { returnSequences: false, hasInitialState: false, useBias: false }],
  ['single_step_b1_t1', 1, 1, 3, 3, { returnSequences: true, hasInitialState: true }],
  ['single_step_b1_t1_no_state', 1, 1, 2, 5, { returnSequences: false, hasInitialState: false }],
  ['single_unit_p1', 2, 6, 1, 1, { returnSequences: true, hasInitialState: true }],
];
for (const [name, B, T, p, m, o] of structural) {
  specs.push({
    name, batch: B, timeSteps: T, features: p, goBackwards: !!o.goBackwards, returnSequences: o.returnSequences,
    hasInitialState: o.hasInitialState, layers: [layer(m, 'tanh', 'sigmoid', o.useBias ?? true)],
  });
}
specs.push({ name: 'go_backwards_relu_hard_sigmoid', batch: 2, timeSteps: 5, features: 2, goBackwards: true, returnSequences: true, hasInitialState: true, layers: [layer(3, 'relu', 'hard_sigmoid')] });
specs.push({ name: 'stacked_2_layers_sequences', batch: 2, timeSteps: 5, features: 2, goBackwards: false, returnSequences: true, hasInitialState: true, layers: [layer(5), layer(3)] });
specs.push({ name: 'stacked_2_layers_last', batch: 3, timeSteps: 4, features: 3, goBackwards: false, returnSequences: false, hasInitialState: true, layers: [layer(3), layer(5)] });
specs.push({ name: 'stacked_2_layers_go_backwards', batch: 2, timeSteps: 6, features: 1, goBackwards: true, returnSequences: true, hasInitialState: true, layers: [layer(4), layer(2)] });
specs.push({ name: 'stacked_2_layers_mixed_activations_no_bias', batch: 2, timeSteps: 4, features: 3, goBackwards: false, returnSequences: false, hasInitialState: false, layers: [layer(3, 'relu', 'hard_sigmoid_keras2', false), layer(2, 'tanh', 'sigmoid', true)] });

// Keras' own known values (keras/src/layers/rnn/lstm_test.py: test_correctness, test_pass_initial_state):
// x = arange, kernel all 0.01, recurrent_kernel all 0.02, bias_initializer Constant(0.03), tanh/sigmoid.
// Keras' LSTM defaults to unit_forget_bias=True, which replaces the forget-gate quarter of the bias by ones, so the
// bias the layer really holds is [0.03 (i), 1 (f), 0.03 (c), 0.03 (o)]; with unit_forget_bias=False it is all 0.03.
const keras = (name, goBackwards, shape, biasKind, initialState, expected) => ({ name, goBackwards, shape, biasKind, initialState, expected });
const rep = (v, n) => Array(n).fill(v);
const KERAS_KNOWN = [
  // test_correctness: x (3, 6, 4), 3 units, returns the last output.
  keras('keras_known_values', false, [3, 6, 4, 3], 'unit_forget_bias', false,
    [...rep(0.6288687, 3), ...rep(0.86899155, 3), ...rep(0.9460773, 3)]),
  keras('keras_known_values_go_backwards', true, [3, 6, 4, 3], 'unit_forget_bias', false,
    [...rep(0.35622165, 3), ...rep(0.74789524, 3), ...rep(0.8872726, 3)]),
  keras('keras_known_values_unit_forget_bias_false', false, [3, 6, 4, 3], 'constant', false,
    [...rep(0.57019705, 3), ...rep(0.8661914, 3), ...rep(0.9459622, 3)]),
  keras('keras_known_values_no_bias', false, [3, 6, 4, 3], 'none', false,
    [...rep(0.54986924, 3), ...rep(0.86226785, 3), ...rep(0.9443936, 3)]),
  // test_pass_initial_state: x (2, 4, 3), 2 units, h0 = c0 = arange(4) reshaped (2, 2).
  keras('keras_known_values_initial_state', false, [2, 4, 3, 2], 'unit_forget_bias', true,
    [0.20574439, 0.3558822, 0.64930826, 0.66276]),
  keras('keras_known_values_initial_state_go_backwards', true, [2, 4, 3, 2], 'unit_forget_bias', true,
    [0.13281618, 0.2790356, 0.5839337, 0.5992567]),
];
const knownData = (k) => {
  const [B, T, p, m] = k.shape;
  const bias = k.biasKind === 'none' ? [] : [
    ...rep(Math.fround(0.03), m), ...rep(k.biasKind === 'unit_forget_bias' ? 1 : Math.fround(0.03), m), ...rep(Math.fround(0.03), 2 * m)];
  return {
    name: k.name, batch: B, timeSteps: T, features: p, goBackwards: k.goBackwards, returnSequences: false,
    hasInitialState: k.initialState,
    layers: [{
      units: m, activation: 'tanh', recurrentActivation: 'sigmoid', useBias: k.biasKind !== 'none', inputDim: p,
      kernel: rep(Math.fround(0.01), p * 4 * m), recurrentKernel: rep(Math.fround(0.02), m * 4 * m), bias,
    }],
    x: Array.from({ length: B * T * p }, (_, i) => i),
    h0: k.initialState ? Array.from({ length: B * m }, (_, i) => i) : [],
    c0: k.initialState ? Array.from({ length: B * m }, (_, i) => i) : [],
    upstream: uniform(B * m, -1, 1),
    expected: k.expected,
  };
};

const datas = specs.map(makeData);
datas.push(...KERAS_KNOWN.map(knownData));

// ---------------------------------------------------------------- run
console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, seed ${SEED}`);
const cases = [];
let crossMax = 0, crossGelu = 0, max64Fwd = 0, max64Grad = 0, crossFull = 0, crossForward = 0;
const opsPathActivations = new Set();
for (const d of datas) {
  const names = d.layers.flatMap((l) => [l.activation, l.recurrentActivation]);
  const layersOk = names.every((n) => ACTIVATIONS[n].tfjs && !ACTIVATIONS[n].forceOps) && d.timeSteps > 1;
  const ops = runOps(d);
  let ref, path, cross = null;
  if (layersOk) {
    ref = runLayers(d);
    path = 'layers';
    cross = maxAbsDiff(ops, ref);
    crossMax = Math.max(crossMax, cross);
    crossFull++;
  } else {
    ref = ops;
    path = 'ops';
    names.filter((n) => !ACTIVATIONS[n].tfjs || ACTIVATIONS[n].forceOps).forEach((n) => opsPathActivations.add(n));
    if (names.some((n) => ACTIVATIONS[n].forceOps) && names.every((n) => ACTIVATIONS[n].tfjs)) {
      // gelu: tf.layers.lstm has it (with the approximate tf.erf); report how far that is from the exact one.
      cross = maxAbsDiff(ops, runLayers(d, d.timeSteps === 1));
      crossGelu = Math.max(crossGelu, cross);
    } else if (names.every((n) => ACTIVATIONS[n].tfjs)) {
      // T = 1: cross-check the forward only.
      path = 'ops(T=1)';
      cross = maxAbsDiff(ops, runLayers(d, true));
      crossMax = Math.max(crossMax, cross);
      crossForward++;
      if (cross >= 1e-6) throw new Error(`${d.name}: ops vs tf.layers.lstm forward differ by ${cross}`);
    }
  }
  const all = [ref.output, ref.hT, ref.cT, ref.dX, ref.dH0, ref.dC0, ...ref.layers.flatMap((l) => [l.dKernel, l.dRecurrentKernel, l.dBias])].flat();
  if (!all.every(Number.isFinite)) throw new Error(`${d.name}: non-finite value`);
  const maxAbs = all.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const c64 = check64(d, ref);
  max64Fwd = Math.max(max64Fwd, c64.fwdDiff);
  max64Grad = Math.max(max64Grad, c64.gradDiff);
  if (c64.fwdDiff > 1e-4 || c64.gradDiff > 1e-3) throw new Error(`${d.name}: float64 check failed ${JSON.stringify(c64)}`);
  if (cross !== null && path === 'layers' && cross >= 1e-6) throw new Error(`${d.name}: ops vs tf.layers.lstm differ by ${cross}`);

  if (d.expected) {
    let worst = 0;
    d.expected.forEach((want, k) => { worst = Math.max(worst, Math.abs(ref.output[k] - want)); });
    if (worst > 1e-6) throw new Error(`${d.name}: output ${ref.output} differs from Keras' ${d.expected} by ${worst}`);
    console.log(`  ${d.name}: output [${ref.output.map((v) => v.toPrecision(8)).join(', ')}] matches Keras' [${d.expected.join(', ')}], max diff ${worst.toExponential(2)} <= 1e-6`);
  }
  console.log(`${d.name.padEnd(46)} path=${path.padEnd(9)} B=${d.batch} T=${d.timeSteps} p=${d.features} units=${d.layers.map((l) => l.units).join('+')}` +
    ` max|v|=${maxAbs.toExponential(2)}` + (cross !== null ? ` ops-vs-layers=${cross.toExponential(2)}` : '') +
    ` f64: fwd=${c64.fwdDiff.toExponential(1)} grad=${c64.gradDiff.toExponential(1)}`);

  cases.push({
    name: d.name, batch: d.batch, timeSteps: d.timeSteps, features: d.features,
    goBackwards: d.goBackwards, returnSequences: d.returnSequences, hasInitialState: d.hasInitialState,
    h0: d.h0, c0: d.c0,
    layers: d.layers.map((l, idx) => ({
      units: l.units, activation: l.activation, recurrentActivation: l.recurrentActivation, useBias: l.useBias,
      kernel: l.kernel, recurrentKernel: l.recurrentKernel, bias: l.bias,
      dKernel: ref.layers[idx].dKernel, dRecurrentKernel: ref.layers[idx].dRecurrentKernel, dBias: ref.layers[idx].dBias,
    })),
    x: d.x, output: ref.output, hT: ref.hT, cT: ref.cT, upstream: d.upstream,
    dX: ref.dX, dH0: ref.dH0, dC0: ref.dC0,
  });
}
console.log(`cross-check ops-level LSTM vs tf.layers.lstm (${crossFull} cases forward and all gradients, ${crossForward} with T = 1 forward only): max abs diff ${crossMax.toExponential(3)}`);
console.log(`gelu: exact-erf reference vs tf.layers.lstm 'gelu' (tf.erf, A&S 7.1.26): max abs diff ${crossGelu.toExponential(3)}`);
console.log(`float64 plain-JS check: forward max rel diff ${max64Fwd.toExponential(3)}, finite-difference gradients max rel diff ${max64Grad.toExponential(3)}`);
console.log(`ops path used for: ${[...opsPathActivations].join(', ')}`);

// ---------------------------------------------------------------- write: shortest decimal that round-trips to the float32
// The decimal must parse straight to this float32 (as C# float.Parse does), not merely via a double: so its double
// must lie strictly between the midpoints to the neighbouring float32 values (exact in double).
const f32Neighbours = (f) => {
  const b = new Float32Array([f]), u = new Uint32Array(b.buffer), k = u[0];
  const at = (bits) => { u[0] = bits; return b[0]; };
  const r = f > 0 ? [at(k - 1), at(k + 1)] : [at(k + 1), at(k - 1)]; // [below, above] for f != 0
  u[0] = k;
  return r;
};
function f32(v) {
  const f = Math.fround(v);
  if (f === 0) return '0';
  const [below, above] = f32Neighbours(f);
  const lo = (f + below) / 2, hi = (f + above) / 2;
  for (let prec = 1; prec <= 9; prec++) {
    const s = f.toPrecision(prec);
    const dbl = Number(s);
    if (dbl > lo && dbl < hi) return String(dbl);
  }
  throw new Error(`cannot print ${v}`);
}
const json = JSON.stringify({ generator: 'build/reference/generate-keras-lstm-reference.mjs', tfjs: tf.version.tfjs, seed: SEED, cases }, (k, v) =>
  typeof v === 'number' && !Number.isInteger(v) ? { __f32: f32(v) } : v, 1)
  .replace(/\{\s*"__f32": "([^"]+)"\s*\}/g, '$1');
// Keep the flat arrays on one line each.
const compact = json.replace(/\[\s*([^\[\]{}]*?)\s*\]/g, (_, body) => `[${body.split(/\s*,\s*/).join(',')}]`);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, compact + '\n');
JSON.parse(compact);
console.log(`wrote ${outPath} (${(compact.length / 1024).toFixed(1)} KiB, ${cases.length} cases)`);
