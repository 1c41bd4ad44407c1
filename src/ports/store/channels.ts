/** Teams chats bound to departments (`bind`); `unbind` returns the department it was bound to */
export interface ChannelBindingsRepo {
  bind(conversationId: string, departmentCode: string): Promise<void>;
  unbind(conversationId: string): Promise<string | null>;
}

/** Teams conversation references (for proactive messages) and channel bindings to departments. */
export interface ConversationRecord {
  conversationId: string;
  /** the Bot Framework ConversationReference, as JSON */
  reference: string;
  departmentCode: string | null;
}

export interface ConversationStore {
  save(conversationId: string, reference: string): Promise<void>;
  get(conversationId: string): Promise<ConversationRecord | null>;
  /** any stored conversation of the same tenant (a team's reference serves its other channels) */
  anyOfTenant(tenantId: string): Promise<ConversationRecord | null>;
  bindings(): Promise<ConversationRecord[]>;
}
