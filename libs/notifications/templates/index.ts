export { renderMessage } from './render-message.js';
export type { Branding, Greeting, MessageInput, MessageKind, RenderedMessage } from './message.types.js';
