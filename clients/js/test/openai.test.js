// The openai package (openai-node) against `modelscale serve`: chat, streaming, tools, .parse() with zod,
// embeddings and the Responses API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { MODEL, startServer } from '../lib/server.js';
import { Person } from '../lib/schemas.js';

const weather = {
  name: 'get_weather',
  description: 'The weather in a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', enum: ['Paris', 'Oslo', 'Rome'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
    required: ['city', 'days'],
    additionalProperties: false,
  },
};

describe('openai (openai-node)', { timeout: 600_000 }, () => {
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = new OpenAI({ baseURL: server.baseURL, apiKey: 'no-key', maxRetries: 0, timeout: 120_000 });
  });

  after(async () => {
    await server?.stop();
  });

  it('chat: answers with text and usage', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Once upon a time' }],
      max_tokens: 8,
      temperature: 0,
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0].message.role, 'assistant');
    assert.ok(completion.choices[0].message.content.length > 0);
    assert.ok(['stop', 'length'].includes(completion.choices[0].finish_reason));
    assert.ok(completion.usage.completion_tokens > 0 && completion.usage.completion_tokens <= 8);
  });

  it('chat: streams chunks whose text adds up, then usage', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Once upon a time' }],
      max_tokens: 8,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish = null;
    let usage = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.ok(text.length > 0);
    assert.ok(['stop', 'length'].includes(finish));
    assert.ok(usage.completion_tokens > 0);
  });

  it('chat: a required tool is called with arguments that fit its schema, and its result is sent back', async () => {
    const tools = [{ type: 'function', function: { ...weather, strict: true } }];
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const completion = await client.chat.completions.create({ model: MODEL, messages, tools, tool_choice: 'required', max_tokens: 200 });
    const choice = completion.choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    const call = choice.message.tool_calls[0];
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'get_weather');
    const args = JSON.parse(call.function.arguments);
    assert.ok(['Paris', 'Oslo', 'Rome'].includes(args.city));
    assert.ok(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7);

    const answer = await client.chat.completions.create({
      model: MODEL,
      messages: [...messages, choice.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify({ temperature: 18, days: args.days }) }],
      tools,
      tool_choice: 'none',
      max_tokens: 8,
    });
    assert.equal(typeof answer.choices[0].message.content, 'string');
    assert.ok(!answer.choices[0].message.tool_calls?.length);
  });

  it('chat: a named tool streams as tool_call deltas', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [{ type: 'function', function: weather }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      max_tokens: 200,
      stream: true,
    });
    let name = '';
    let args = '';
    let finish = null;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(name, 'get_weather');
    assert.ok(['Paris', 'Oslo', 'Rome'].includes(JSON.parse(args).city));
    assert.equal(finish, 'tool_calls');
  });

  it('chat: .parse() with a zod schema gives a parsed object', async () => {
    const completion = await client.chat.completions.parse({
      model: MODEL,
      messages: [{ role: 'user', content: 'Describe a person.' }],
      response_format: zodResponseFormat(Person, 'person'),
      max_tokens: 300,
    });
    const parsed = completion.choices[0].message.parsed;
    assert.deepEqual(Person.parse(parsed), parsed);
  });

  it('embeddings: one vector per input, the same text giving the same vector', async () => {
    const result = await client.embeddings.create({ model: MODEL, input: ['a red ball', 'a blue sky', 'a red ball'] });
    assert.equal(result.data.length, 3);
    assert.deepEqual(result.data.map((d) => d.index), [0, 1, 2]);
    const [a, b, c] = result.data.map((d) => d.embedding);
    assert.equal(a.length, 64);
    assert.ok(a.every(Number.isFinite));
    assert.deepEqual(a, c);
    assert.notDeepEqual(a, b);
    assert.ok(result.usage.prompt_tokens > 0);
  });

  it('responses: answers a string input, with output_text and usage', async () => {
    const response = await client.responses.create({ model: MODEL, input: 'Once upon a time', instructions: 'Tell a story.', max_output_tokens: 8, temperature: 0 });
    assert.equal(response.object, 'response');
    assert.match(response.id, /^resp_/);
    assert.ok(['completed', 'incomplete'].includes(response.status));
    assert.ok(response.output_text.length > 0);
    assert.equal(response.output[0].type, 'message');
    assert.ok(response.usage.output_tokens > 0 && response.usage.output_tokens <= 8);
  });

  it('responses: streams the events in order, and previous_response_id continues the conversation', async () => {
    const stream = await client.responses.create({ model: MODEL, input: [{ role: 'user', content: 'Once upon a time' }], max_output_tokens: 8, temperature: 0, stream: true });
    const events = [];
    for await (const event of stream) {
      events.push(event);
    }
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    assert.equal(events[0].type, 'response.created');
    assert.equal(events[1].type, 'response.in_progress');
    const last = events.at(-1);
    assert.ok(['response.completed', 'response.incomplete'].includes(last.type));
    const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
    assert.equal(deltas, events.find((e) => e.type === 'response.output_text.done').text);
    assert.equal(deltas, last.response.output[0].content[0].text);

    const followUp = await client.responses.create({ model: MODEL, previous_response_id: last.response.id, input: 'And then?', max_output_tokens: 4 });
    assert.equal(followUp.previous_response_id, last.response.id);
    // The follow-up's prompt holds the first prompt, its answer and the new question.
    assert.ok(followUp.usage.input_tokens > last.response.usage.input_tokens + 3);
    const stored = await client.responses.retrieve(last.response.id);
    assert.equal(stored.id, last.response.id);
  });

  it('responses: an unknown previous_response_id is a 404 error', async () => {
    await assert.rejects(
      client.responses.create({ model: MODEL, previous_response_id: 'resp_missing', input: 'Hi' }),
      (error) => error.status === 404 && error.param === 'previous_response_id',
    );
  });

  it('responses: .parse() with zodTextFormat gives output_parsed', async () => {
    const response = await client.responses.parse({
      model: MODEL,
      input: 'Describe a person.',
      text: { format: zodTextFormat(Person, 'person') },
      max_output_tokens: 300,
    });
    assert.deepEqual(Person.parse(response.output_parsed), response.output_parsed);
  });

  it('responses: a named function tool is called, and its output continues the response', async () => {
    const tools = [{ type: 'function', ...weather, strict: true }];
    const response = await client.responses.create({
      model: MODEL,
      input: 'What is the weather in Paris?',
      tools,
      tool_choice: { type: 'function', name: 'get_weather' },
      max_output_tokens: 200,
    });
    const call = response.output.find((item) => item.type === 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.ok(['Paris', 'Oslo', 'Rome'].includes(JSON.parse(call.arguments).city));

    const next = await client.responses.create({
      model: MODEL,
      previous_response_id: response.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: JSON.stringify({ temperature: 18 }) }],
      tools,
      tool_choice: 'none',
      max_output_tokens: 8,
    });
    assert.equal(next.output[0].type, 'message');
    assert.equal(typeof next.output_text, 'string');
  });
});
