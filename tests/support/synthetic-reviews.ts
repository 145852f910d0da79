// A small, generated, labelled set of review phrases for training tests.
const positive = ["great", "wonderful", "moving", "excellent", "delightful", "brilliant", "charming", "superb"];
const negative = ["awful", "boring", "dull", "terrible", "clumsy", "tedious", "dreadful", "lifeless"];
const subjects = ["film", "story", "acting", "plot", "soundtrack", "ending", "cast", "script"];

export function syntheticReviews(): Array<{ text: string; label: 0 | 1; group: number }> {
  const rows: Array<{ text: string; label: 0 | 1; group: number }> = [];
  let group = 0;
  for (const subject of subjects) {
    for (const word of positive) {
      rows.push({ text: `the ${subject} is ${word}`, label: 1, group });
      rows.push({ text: `a ${word} ${subject} !`, label: 1, group: group++ });
      rows.push({ text: `the ${subject} is not ${word}`, label: 0, group: group++ });
    }
    for (const word of negative) {
      rows.push({ text: `the ${subject} is ${word}`, label: 0, group });
      rows.push({ text: `what a ${word} ${subject} .`, label: 0, group: group++ });
    }
  }
  return rows;
}
