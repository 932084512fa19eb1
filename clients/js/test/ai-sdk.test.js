// The Vercel AI SDK (ai + @ai-sdk/openai) against `modelscale serve`. openai('id') speaks the Responses API
// (/v1/responses); openai.chat('id') speaks chat completions: each test runs on both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { MODEL, startServer } from '../lib/server.js';
import { Person, WeatherInput, forecast } from '../lib/schemas.js';

describe('Vercel AI SDK (@ai-sdk/openai)', { timeout: 600_000 }, () => {
  let server;
  let openai;

  before(async () => {
    server = await startServer();
    openai = createOpenAI({ baseURL: server.baseURL, apiKey: 'no-key' });
  });

  after(async () => {
    await server?.stop();
  });

  const apis = [
    ['responses', () => openai(MODEL), 'function_call_output'],
    ['chat completions', () => openai.chat(MODEL), '"role":"tool"'],
  ];

  for (const [api, model, resultMarker] of apis) {
    it(`${api}: streamText streams text that adds up to the answer`, async () => {
      const result = streamText({ model: model(), prompt: 'Once upon a time', maxOutputTokens: 8, temperature: 0, maxRetries: 0 });
      let streamed = '';
      for await (const piece of result.textStream) {
        streamed += piece;
      }
      assert.ok(streamed.length > 0);
      assert.equal(streamed, await result.text);
      assert.ok(['stop', 'length'].includes(await result.finishReason));
      assert.ok((await result.usage).outputTokens > 0);
    });

    it(`${api}: generateText calls a real tool, then sends its result back for the answer`, async () => {
      const calls = [];
      const result = await generateText({
        model: model(),
        prompt: 'What will the weather be in Paris?',
        tools: {
          get_weather: tool({
            description: 'The weather in a city for the next days.',
            inputSchema: WeatherInput,
            execute: async (input) => {
              calls.push(input);
              return forecast(input);
            },
          }),
        },
        stopWhen: stepCountIs(2),
        prepareStep: async ({ stepNumber }) => ({ toolChoice: stepNumber === 0 ? { type: 'tool', toolName: 'get_weather' } : 'none' }),
        maxOutputTokens: 120,
        maxRetries: 0,
      });

      assert.equal(result.steps.length, 2);
      const [call] = result.steps[0].toolCalls;
      assert.equal(call.toolName, 'get_weather');
      assert.deepEqual(WeatherInput.parse(call.input), call.input);
      assert.deepEqual(calls, [call.input]);
      assert.deepEqual(result.steps[0].toolResults[0].output, forecast(call.input));
      assert.equal(result.steps[1].toolCalls.length, 0);
      assert.equal(typeof result.text, 'string');
      const secondRequest = JSON.stringify(result.steps[1].request.body);
      assert.ok(secondRequest.includes(resultMarker), secondRequest);
      assert.ok(secondRequest.includes('temperature'), secondRequest);
    });

    it(`${api}: generateObject gives an object that fits the zod schema`, async () => {
      const { object } = await generateObject({ model: model(), schema: Person, prompt: 'Describe a person.', maxOutputTokens: 300, maxRetries: 0 });
      assert.deepEqual(Person.parse(object), object);
    });
  }
});
