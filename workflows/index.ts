/** The workflows the worker registers. */
export { grantWorkflow } from './grant';
export { agreementWorkflow } from './agreement';
