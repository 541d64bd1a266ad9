"""A model spec full of what breaks naive code generation: quotes of every kind, Jinja
and Markdown syntax, Python keywords and BaseModel members as parameter names."""

ADVERSARIAL_SPEC = '''
id: tricky
name: "Tricky \\"quoted\\" model"
vendor: "Vendor | with pipe"
capability: video
mode: text-to-video
summary: 'Ends with a quote "'
parameters:
  prompt:
    type: string
    required: true
    description: "Triple \\"\\"\\" quotes, a backslash \\\\ , {{ jinja }} {% raw %}, | pipe,\\nnewline, unicode ✓ – ‘’ 日本"
  from:
    type: string
    values: ["a\\"b", "c\\\\d", "{{x}}"]
    default: "a\\"b"
    description: A Python keyword as a parameter name.
  class:
    type: integer
    minimum: 0
  model_config:
    type: boolean
    description: '"""'
  with-dash:
    type: number
    default: 0.5
example:
  prompt: "x"
  from: "c\\\\d"
  class: 3
'''
