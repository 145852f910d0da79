// Review texts the model has never seen, one per call: load tests must not be served from any
// cache of earlier answers, and every text must pass the input rules.
const adjectives = ["wonderful", "dreadful", "moving", "tedious", "brilliant", "clumsy", "charming", "lifeless", "gripping", "bland"];
const nouns = ["film", "battery", "pasta", "service", "soundtrack", "hotel", "keyboard", "plot", "waiter", "screen"];

/** A generator of texts, each new (its own counter, so two loads don't share a sequence). */
export function freshTexts(): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `The ${nouns[counter % 10]} was ${adjectives[(counter * 7) % 10]} and ${adjectives[(counter * 3) % 10]}, honestly ${counter}`;
  };
}
