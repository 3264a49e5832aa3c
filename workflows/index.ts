/** The workflows the worker registers. */
export { grantWorkflow } from './grant/workflow';
export { agreementWorkflow } from './agreement/workflow';
