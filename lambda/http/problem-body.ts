import { type Problem, problemType } from './problem';

/**
 * The RFC 9457 body of a problem. The five standard members always come first and cannot be
 * overwritten by the problem's extra members.
 */
const problemBody = (problem: Problem, requestId: string): Record<string, unknown> => {
  const standard: Record<string, unknown> = {
    type: problemType(problem.title),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    requestId,
  };
  const extra = Object.entries(problem.extra).filter(([name]) => !Object.hasOwn(standard, name));
  return { ...standard, ...Object.fromEntries(extra) };
};

export { problemBody };
