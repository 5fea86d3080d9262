/** RBAC authorization, the bootstrap policy, 403 messages and `kubectl auth can-i`. */
export * from './types.ts';
export {
  authorize,
  authorizeChain,
  authorizationAuditAnnotations,
  clusterRoleRules,
  isResourceRequest,
  ruleAllows,
  rulesFor,
  serviceAccountUser,
  serviceAccountUsername,
  withAuthenticatedGroup,
} from './authorize.ts';
export type { ChainDecision } from './authorize.ts';
export { bootstrapPolicy } from './bootstrap.ts';
export { forbiddenMessage, kubectlForbiddenError } from './forbidden.ts';
export type { ForbiddenOptions } from './forbidden.ts';
export { canI, parseCanI } from './can-i.ts';
export type { CanIAnswer, CanIArgs, ParsedCanI, ResolvedResource } from './can-i.ts';
