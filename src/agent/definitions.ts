/**
 * The language-model tools an agent in VS Code can call, as package.json declares them
 * (`contributes.languageModelTools`): their names and input schemas. This file is the source;
 * test/unit/agent-inputs.test.ts checks that the manifest says the same. Pure, no `vscode`.
 */

export const TOOL_NAMES = {
  gradcheck: 'lossPlayground_gradcheck',
  lint: 'lossPlayground_lint',
  explainLoss: 'lossPlayground_explainLoss',
} as const;

/** The JSON schemas of the tools' inputs, exactly as package.json has them. */
export const INPUT_SCHEMAS = {
  gradcheck: {
    type: 'object',
    properties: {
      file: {
        type: 'string',
        description:
          'The file that defines the loss: a path relative to a workspace folder, an absolute path, or a URI (file:///..., vscode-vfs://...). Python (NumPy, PyTorch, JAX), TypeScript or JavaScript, or a Jupyter notebook (.ipynb, or the vscode-notebook-cell: URI of one of its cells).',
      },
      function: {
        type: 'string',
        description:
          "The loss to check: a function name ('focal_loss'), a class ('FocalLoss') or 'Class.method' ('Model.loss'); in a notebook 'cell3:focal_loss' names the one in cell 3. Omit it to check every loss in the file.",
      },
    },
    required: ['file'],
    additionalProperties: false,
  },
  lint: {
    type: 'object',
    properties: {
      files: {
        type: 'array',
        items: { type: 'string' },
        description:
          "Files to lint: paths relative to a workspace folder, absolute paths, URIs or glob patterns ('**/*.py'). Python, notebooks (.ipynb), TypeScript and JavaScript.",
      },
      file: { type: 'string', description: 'One file to lint, instead of files.' },
    },
    additionalProperties: false,
  },
  explainLoss: {
    type: 'object',
    properties: {
      name: {
        type: 'string',
        description:
          "The loss as code names it ('F.cross_entropy', 'nn.SmoothL1Loss', 'keras.losses.Huber', 'optax.softmax_cross_entropy', 'tf.losses.huberLoss'), optionally with literal keyword arguments ('nn.HuberLoss(delta=2.0)', 'keras.losses.BinaryCrossentropy(from_logits=True)'), or a catalog id ('huber', 'cross_entropy').",
      },
    },
    required: ['name'],
    additionalProperties: false,
  },
} as const;
