// The schemas the client tests ask for. No free-text strings: a random-weight model fills a string until its limit,
// and its byte-level pieces can decode to more UTF-16 units than a length limit counts. Enums, bounded integers and
// booleans keep each answer short, and exact to validate.
import { z } from 'zod';

export const Person = z.object({
  age: z.number().int().min(0).max(120),
  pet: z.enum(['cat', 'dog']),
  happy: z.boolean(),
});

export const WeatherInput = z.object({
  city: z.enum(['Paris', 'Oslo', 'Rome']),
  days: z.number().int().min(1).max(7),
});

/** What the weather tool returns: the test checks that this very value travels back to the model. */
export function forecast({ city, days }) {
  return { city, days, temperature: 18 };
}
