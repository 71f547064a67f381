export { renderMessage } from './render-message.js';
export type { Branding, EhcReviewMessage, Greeting, MessageInput, MessageKind, RenderedMessage } from './message.types.js';
export { ACCOUNT_TOKEN_SLOT } from './account.js';
