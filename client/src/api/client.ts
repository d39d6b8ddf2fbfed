import type { SessionManager } from '../auth/session';
import { accountBarOf } from '../auth/standing';
import { ApiError, type ProblemDetails } from './problem';
import type {
  AddFriendResult, Conversation, ConversationList, DeviceSession, FriendRequest, FriendView, GroupInvite,
  GroupPreview, Id, JoinMode, JoinRequest, JoinResult, Limits, MemberRole, MembersPage, Message, MessagePage, MyProfile,
  PersonView, PresenceEntry, ProfileEdit, Providers, ReadCursor, Readers, SearchPage, SyncResult, Tokens, UserCard,
} from './types';

type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  body?: unknown;
  form?: FormData;
  query?: Query;
  auth?: boolean;
  timeoutMs?: number;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** An avatar, or any picture, to upload: a web Blob/File, or a native file URI. */
export type Upload = { blob: Blob; name: string } | { uri: string; name: string; type: string };

/** The typed REST client. Access tokens are added and refreshed (once, shared) on 401. */
export class ApiClient {
  private readonly fetchFn: FetchLike;
  session: SessionManager | null = null;

  constructor(readonly baseUrl: string, fetchFn?: FetchLike) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchFn = fetchFn ?? ((input, init) => fetch(input, init));
  }

  url(path: string, query?: Query): string {
    const params = query ? Object.entries(query).filter(([, v]) => v !== undefined && v !== '') : [];
    const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Absolute address for a server-relative link such as an avatar. */
  media(path: string | undefined): string | undefined {
    if (!path) return undefined;
    return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    let token = auth ? await this.requireSession().accessToken() : undefined;
    try {
      return await this.send<T>(method, path, options, token);
    } catch (error) {
      if (!(auth && token && error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated')) throw error;
      token = await this.requireSession().refresh(token);
      return this.send<T>(method, path, options, token);
    }
  }

  private requireSession(): SessionManager {
    if (!this.session) throw new ApiError(401, 'unauthenticated');
    return this.session;
  }

  private async send<T>(method: string, path: string, options: RequestOptions, token?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const controller = typeof AbortController === 'undefined' ? undefined : new AbortController();
    const timer = controller ? setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000) : undefined;
    let response: Response;
    try {
      response = await this.fetchFn(this.url(path, options.query), { method, headers, body, signal: controller?.signal });
    } catch (cause) {
      throw controller?.signal.aborted ? new ApiError(0, 'timeout') : ApiError.network(cause);
    } finally {
      if (timer) clearTimeout(timer);
    }
    const text = await response.text().catch(() => '');
    const parsed = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const error = ApiError.fromProblem(response.status, parsed as ProblemDetails | undefined, response.headers.get('retry-after'));
      // A suspended or banned account is signed out here; the session's listeners get the error (auth/standing.ts).
      if (token && this.session?.current() && accountBarOf(error)) await this.session.clear(error.message, error);
      throw error;
    }
    return parsed as T;
  }

  // Signing in
  providers = () => this.request<Providers>('GET', '/api/auth/providers', { auth: false });
  signUp = (body: { email: string; password: string; displayName: string; parleyId?: string; deviceName?: string }) =>
    this.request<Tokens>('POST', '/api/auth/local/sign-up', { body, auth: false });
  signIn = (body: { email: string; password: string; deviceName?: string }) =>
    this.request<Tokens>('POST', '/api/auth/local/sign-in', { body, auth: false });
  refreshTokens = (refreshToken: string) =>
    this.request<Tokens>('POST', '/api/auth/refresh', { body: { refreshToken }, auth: false });
  exchange = (code: string, codeVerifier: string, deviceName?: string) =>
    this.request<Tokens>('POST', '/api/auth/exchange', { body: { code, codeVerifier, deviceName }, auth: false });
  signOut = () => this.request<void>('POST', '/api/auth/sign-out');
  signOutEverywhere = () => this.request<void>('POST', '/api/auth/sign-out-everywhere');
  sessions = () => this.request<DeviceSession[]>('GET', '/api/auth/sessions');
  signOutDevice = (sessionId: Id) => this.request<void>('DELETE', `/api/auth/sessions/${sessionId}`);
  authorizeUrl = (provider: 'google' | 'facebook', returnTo: string, challenge: string) =>
    this.url(`/api/auth/${provider}/authorize`, { return_to: returnTo, client_challenge: challenge });

  // Profile
  me = () => this.request<MyProfile>('GET', '/api/me');
  updateMe = (edit: ProfileEdit) =>
    this.request<MyProfile>('PATCH', '/api/me', { body: edit });
  uploadAvatar = (upload: Upload) => {
    const form = new FormData();
    if ('blob' in upload) form.append('file', upload.blob, upload.name);
    else form.append('file', { uri: upload.uri, name: upload.name, type: upload.type } as unknown as Blob);
    return this.request<MyProfile>('PUT', '/api/me/avatar', { form, timeoutMs: 60_000 });
  };
  removeAvatar = () => this.request<MyProfile>('DELETE', '/api/me/avatar');

  // People
  user = (userId: Id) => this.request<PersonView>('GET', `/api/users/${userId}`);
  userByParleyId = (parleyId: string) => this.request<PersonView>('GET', `/api/users/by-parley-id/${encodeURIComponent(parleyId)}`);
  searchUsers = (q: string, cursor?: string, limit = 20) =>
    this.request<SearchPage>('GET', '/api/users/search', { query: { q, cursor, limit } });
  /** Cards of many people at once (at most 100): friends and anyone met in a conversation; others are left out. */
  people = (userIds: Id[]) => this.request<UserCard[]>('GET', '/api/users', { query: { ids: userIds.join(',') } });
  friends = (q?: string) => this.request<FriendView[]>('GET', '/api/friends', { query: { q } });
  removeFriend = (userId: Id) => this.request<void>('DELETE', `/api/friends/${userId}`);
  addFriend = (parleyId: string) => this.request<AddFriendResult>('POST', '/api/friend-requests', { body: { parleyId } });
  incomingRequests = () => this.request<FriendRequest[]>('GET', '/api/friend-requests/incoming');
  outgoingRequests = () => this.request<FriendRequest[]>('GET', '/api/friend-requests/outgoing');
  acceptRequest = (id: Id) => this.request<UserCard>('POST', `/api/friend-requests/${id}/accept`);
  declineRequest = (id: Id) => this.request<void>('POST', `/api/friend-requests/${id}/decline`);
  cancelRequest = (id: Id) => this.request<void>('DELETE', `/api/friend-requests/${id}`);
  blocks = () => this.request<UserCard[]>('GET', '/api/blocks');
  block = (userId: Id) => this.request<void>('PUT', `/api/blocks/${userId}`);
  unblock = (userId: Id) => this.request<void>('DELETE', `/api/blocks/${userId}`);
  presence = (userIds: Id[]) =>
    this.request<PresenceEntry[]>('GET', '/api/presence', { query: { userIds: userIds.join(',') } });
  limits = () => this.request<Limits>('GET', '/api/limits');

  // Conversations
  conversations = () => this.request<ConversationList>('GET', '/api/conversations');
  conversation = (id: Id) => this.request<Conversation>('GET', `/api/conversations/${id}`);
  openDirect = (userId: Id) => this.request<Conversation>('POST', '/api/conversations/direct', { body: { userId } });
  messages = (id: Id, page: { before?: Id; after?: Id; limit?: number } = {}) =>
    this.request<MessagePage>('GET', `/api/conversations/${id}/messages`, { query: { ...page, limit: page.limit ?? 50 } });
  sendMessage = (id: Id, body: string, clientMessageId?: string) =>
    this.request<Message>('POST', `/api/conversations/${id}/messages`, { body: { clientMessageId, body } });
  markRead = (id: Id, messageId: Id) => this.request<void>('POST', `/api/conversations/${id}/read`, { body: { messageId } });
  markReceived = (id: Id, messageId: Id) => this.request<void>('POST', `/api/conversations/${id}/received`, { body: { messageId } });
  unsend = (id: Id, messageId: Id) => this.request<Message>('DELETE', `/api/conversations/${id}/messages/${messageId}`);
  readers = (id: Id, messageId: Id) => this.request<Readers>('GET', `/api/conversations/${id}/messages/${messageId}/readers`);
  readCursors = (id: Id) => this.request<ReadCursor[]>('GET', `/api/conversations/${id}/read-cursors`);
  sync = (cursor?: string) => this.request<SyncResult>('GET', '/api/sync', { query: { cursor } });

  // Groups
  createGroup = (name: string, inviteUserIds: Id[], joinMode: JoinMode = 'open') =>
    this.request<Conversation>('POST', '/api/groups', { body: { name, inviteUserIds, joinMode } });
  updateGroup = (id: Id, edit: { name?: string; joinMode?: JoinMode }) =>
    this.request<Conversation>('PATCH', `/api/groups/${id}`, { body: edit });
  members = (id: Id, cursor?: string) =>
    this.request<MembersPage>('GET', `/api/groups/${id}/members`, { query: { cursor, limit: 100 } });
  previewGroup = (groupId: string) => this.request<GroupPreview>('GET', `/api/groups/by-code/${encodeURIComponent(groupId)}`);
  joinGroup = (groupId: string) => this.request<JoinResult>('POST', '/api/groups/join', { body: { groupId } });
  joinRequests = (id: Id) => this.request<JoinRequest[]>('GET', `/api/groups/${id}/join-requests`);
  approveJoin = (id: Id, userId: Id) => this.request<Conversation>('POST', `/api/groups/${id}/join-requests/${userId}/approve`);
  rejectJoin = (id: Id, userId: Id) => this.request<void>('POST', `/api/groups/${id}/join-requests/${userId}/reject`);
  invite = (id: Id, userIds: Id[]) => this.request<void>('POST', `/api/groups/${id}/invites`, { body: { userIds } });
  groupInvites = () => this.request<GroupInvite[]>('GET', '/api/group-invites');
  acceptInvite = (conversationId: Id) => this.request<Conversation>('POST', `/api/group-invites/${conversationId}/accept`);
  declineInvite = (conversationId: Id) => this.request<void>('POST', `/api/group-invites/${conversationId}/decline`);
  leaveGroup = (id: Id) => this.request<void>('POST', `/api/groups/${id}/leave`);
  removeMember = (id: Id, userId: Id) => this.request<void>('DELETE', `/api/groups/${id}/members/${userId}`);
  setRole = (id: Id, userId: Id, role: Exclude<MemberRole, 'owner'>) =>
    this.request<void>('PUT', `/api/groups/${id}/members/${userId}/role`, { body: { role } });
  transferOwnership = (id: Id, userId: Id) =>
    this.request<void>('POST', `/api/groups/${id}/owner`, { body: { userId } });
  regenerateGroupId = (id: Id) => this.request<{ groupId: string }>('POST', `/api/groups/${id}/group-id`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
