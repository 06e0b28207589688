/**
 * A pure function of a string, with its answers kept: up to `limit` of them, then all
 * forgotten at once. Cheap, and enough where the same inputs recur (words across a catalog,
 * shoppers' queries, stores' settings).
 */
export function memoized<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}
