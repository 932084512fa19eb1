// LangChain JS (@langchain/openai's ChatOpenAI) against `modelscale serve`: bindTools and withStructuredOutput.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { MODEL, startServer } from '../lib/server.js';
import { Person, WeatherInput, forecast } from '../lib/schemas.js';

describe('LangChain JS (@langchain/openai)', { timeout: 600_000 }, () => {
  let server;
  const chat = (fields = {}) => new ChatOpenAI({
    model: MODEL,
    apiKey: 'no-key',
    configuration: { baseURL: server.baseURL },
    maxTokens: 300,
    maxRetries: 0,
    ...fields,
  });

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  it('invoke and stream answer with text, over chat completions and the Responses API', async () => {
    for (const useResponsesApi of [false, true]) {
      const llm = chat({ maxTokens: 8, temperature: 0, useResponsesApi });
      const answer = await llm.invoke('Once upon a time');
      assert.equal(typeof answer.content === 'string' ? answer.content : answer.text, answer.text);
      assert.ok(answer.text.length > 0, `useResponsesApi ${useResponsesApi}`);
      let streamed = '';
      for await (const chunk of await llm.stream('Once upon a time')) {
        streamed += chunk.text;
      }
      assert.ok(streamed.length > 0, `useResponsesApi ${useResponsesApi}`);
    }
  });

  it('bindTools: the bound tool is called, run, and its result answered', async () => {
    const weather = tool(async (input) => JSON.stringify(forecast(input)), {
      name: 'get_weather',
      description: 'The weather in a city for the next days.',
      schema: WeatherInput,
    });
    const question = new HumanMessage('What will the weather be in Oslo?');
    const ai = await chat().bindTools([weather], { tool_choice: 'get_weather' }).invoke([question]);

    assert.equal(ai.tool_calls.length >= 1, true);
    const [call] = ai.tool_calls;
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(WeatherInput.parse(call.args), call.args);
    const result = await weather.invoke(call);
    assert.equal(result.tool_call_id, call.id);
    assert.deepEqual(JSON.parse(result.content), forecast(call.args));

    const answer = await chat({ maxTokens: 8 }).bindTools([weather], { tool_choice: 'none' }).invoke([question, ai, result]);
    assert.equal(typeof answer.text, 'string');
    assert.equal(answer.tool_calls.length, 0);
  });

  it('withStructuredOutput (json schema) gives an object that fits the zod schema', async () => {
    const person = await chat().withStructuredOutput(Person, { name: 'person', method: 'jsonSchema' }).invoke('Describe a person.');
    assert.deepEqual(Person.parse(person), person);
  });

  it('withStructuredOutput (function calling) gives an object that fits the zod schema', async () => {
    const person = await chat().withStructuredOutput(Person, { name: 'person', method: 'functionCalling' }).invoke('Describe a person.');
    assert.deepEqual(Person.parse(person), person);
  });
});
