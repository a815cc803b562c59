/**
 * Why the widget refuses an endpoint (see src/submit/endpoint.ts): here rather than in
 * src/submit so that the texts naming the problem (src/content) need not import the submit client.
 */
export type EndpointProblem = 'missing' | 'invalid' | 'insecure';
