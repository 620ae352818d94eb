/**
 * BMS authentication (bms-api.md §1): form login, refresh, user info, and the bearer check every
 * other `/v2` route goes through. Access tokens are JWTs signed with a per-process secret, so a
 * token from another simulator process (or a forged one) is "unknown".
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SimRequest, SimResponse } from '../common/router.js';
import { SimError } from '../common/simulator.js';
import type { BmsSimConfig } from './config.js';
import type { BmsStore, User } from './store.js';
import { verifyTotp } from './totp.js';
import { errorEnvelope, ok, Params, validationError } from './wire.js';

export interface AuthContext {
  user: User;
  tenant: string;
}

interface Claims {
  sub: string;
  unique_name: string;
  tenant: string;
  iat: number;
  exp: number;
  jti: string;
}

interface RefreshGrant {
  userName: string;
  tenant: string;
  expiresAt: number;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function formFields(req: SimRequest): Params {
  const type = req.contentType.split(';')[0]!.trim().toLowerCase();
  // ASSUMPTION (bms-api.md §1.2): the endpoint binds [FromForm]; a JSON (or any non-form) body is 415.
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    throw new SimError(415, 'Unsupported Media Type: send application/x-www-form-urlencoded or multipart/form-data');
  }
  // Form keys are matched case-insensitively (bms-api.md §1.2: UserName and userName both work).
  return Params.fromObject(req.body);
}

export class TokenService {
  private readonly secret = randomBytes(32);
  private readonly refreshGrants = new Map<string, RefreshGrant>();

  constructor(
    private readonly store: BmsStore,
    private readonly config: () => BmsSimConfig,
  ) {}

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }

  private issue(user: User, tenant: string): SimResponse {
    const now = Date.now();
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.config();
    const accessExpiresAt = now + accessTokenTtlSeconds * 1000;
    const refreshExpiresAt = now + refreshTokenTtlSeconds * 1000;
    const claims: Claims = {
      sub: String(user.id),
      unique_name: user.userName,
      tenant,
      iat: now / 1000,
      exp: accessExpiresAt / 1000,
      jti: randomBytes(8).toString('hex'),
    };
    const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshGrants.set(refreshToken, { userName: user.userName, tenant, expiresAt: refreshExpiresAt });
    // ASSUMPTION (bms-api.md §1.2): expiry times are UTC with a Z suffix, as in the example.
    return ok({
      accessToken: `${unsigned}.${this.sign(unsigned)}`,
      refreshToken,
      accessTokenExpireOn: new Date(accessExpiresAt).toISOString(),
      refreshTokenExpireOn: new Date(refreshExpiresAt).toISOString(),
    });
  }

  /** Decodes and checks a JWT; `expired` only when the signature is good but `exp` has passed. */
  verify(token: string, ignoreExpiry = false): Claims | 'malformed' | 'expired' {
    const parts = token.split('.');
    if (parts.length !== 3) return 'malformed';
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'malformed';
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Claims;
    } catch {
      return 'malformed';
    }
    if (!ignoreExpiry && claims.exp * 1000 <= Date.now()) return 'expired';
    return claims;
  }

  /** `POST /v2/security/authenticate` */
  authenticate = (req: SimRequest): SimResponse => {
    const form = formFields(req);
    const grantType = form.text('GrantType');
    if (grantType === undefined) throw validationError(['grantType: The GrantType field is required.']);
    // ASSUMPTION (bms-api.md §1.2): only the password grant is modelled; others are a 400.
    if (grantType.toLowerCase() !== 'password') throw validationError([`grantType: unsupported grant type '${grantType}'`]);

    const userName = form.text('UserName') ?? '';
    const password = form.text('Password') ?? '';
    const tenant = form.text('Tenant') ?? '';
    const user = this.store.users.get(userName.toLowerCase());
    // ASSUMPTION (bms-api.md §1.2): a failed login is 401 with the error envelope; the message
    // does not say which of the three values was wrong.
    if (!user || user.password !== password || tenant.toLowerCase() !== this.store.tenant.toLowerCase()) {
      return errorEnvelope(401, 'Invalid user name, password or tenant.');
    }
    // ASSUMPTION (bms-api.md §1.6): a role without "Has API Access" is refused with 403.
    if (!user.hasApiAccess) return errorEnvelope(403, 'This user does not have API access (Admin > Security > Roles > Has API Access).');
    // API employees are exempt from MFA (bms-api.md §1.6); other employees with a secret need a code.
    if (user.userType !== 'ApiEmployee' && user.mfaSecret) {
      const code = form.text('MFACode');
      if (!code) return errorEnvelope(401, 'MFA code is required for this user.');
      if (!verifyTotp(user.mfaSecret, code)) return errorEnvelope(401, 'Invalid MFA code.');
    }
    return this.issue(user, this.store.tenant);
  };

  /** `POST /v2/security/refreshtoken` */
  refresh = (req: SimRequest): SimResponse => {
    const form = formFields(req);
    const accessToken = form.text('AccessToken');
    if (accessToken === undefined) throw validationError(['accessToken: The AccessToken field is required.']);
    // ASSUMPTION (bms-api.md §1.3): an expired access token is accepted here, and every refresh
    // issues a new refresh token (the old one stops working).
    const claims = this.verify(accessToken, true);
    const refreshToken = form.text('RefreshToken') ?? '';
    const grant = this.refreshGrants.get(refreshToken);
    if (typeof claims === 'string' || !grant || grant.expiresAt <= Date.now() || grant.userName !== claims.unique_name) {
      return errorEnvelope(401, 'Invalid or expired refresh token.');
    }
    this.refreshGrants.delete(refreshToken);
    const user = this.store.users.get(grant.userName.toLowerCase());
    if (!user || !user.hasApiAccess || grant.tenant !== this.store.tenant) return errorEnvelope(401, 'Invalid or expired refresh token.');
    return this.issue(user, grant.tenant);
  };

  /**
   * The bearer check of every protected route. 401 + `Token-Expired: true` for an expired token
   * (bms-api.md §1.5, ASSUMPTION from C7), plain 401 for a missing, malformed or unknown one.
   */
  check(req: SimRequest): AuthContext | SimResponse {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (!match) return errorEnvelope(401, 'Authorization has been denied for this request.');
    const claims = this.verify(match[1]!);
    // ASSUMPTION (bms-api.md §1.5): code 401 in the envelope (C9 mentions 978001; single source).
    if (claims === 'expired') return errorEnvelope(401, 'The access token has expired.', [], { 'Token-Expired': 'true' });
    if (claims === 'malformed') return errorEnvelope(401, 'Authorization has been denied for this request.');
    const user = this.store.users.get(claims.unique_name.toLowerCase());
    if (!user || claims.tenant !== this.store.tenant) return errorEnvelope(401, 'Authorization has been denied for this request.');
    if (!user.hasApiAccess) return errorEnvelope(403, 'This user does not have API access.');
    return { user, tenant: claims.tenant };
  }
}

/** `GET /v2/security/userinfo` (UserInfoOutputDto). */
export function userInfo(context: AuthContext, store: BmsStore): SimResponse {
  const { user } = context;
  return ok({
    userId: user.id,
    fullName: user.fullName ?? user.userName,
    emailAddress: user.emailAddress ?? null,
    timeStamp: new Date().toISOString().slice(0, 19),
    timeZoneValue: 0,
    timeZoneName: '(UTC) Coordinated Universal Time',
    olsonTimeZoneName: 'Etc/UTC',
    dateFormat: 'MM/dd/yyyy',
    timeFormat: 'hh:mm tt',
    timeFormatWithSeconds: 'hh:mm:ss tt',
    tenantId: 1,
    accountId: null,
    locationId: null,
    contactId: null,
    businessName: store.tenant,
    userAccessRights: [],
    specialFeatures: [],
    viewsMenus: [],
    queuesMenus: [],
    currencyCode: 'USD',
    cultureCode: 'en-US',
    filesVersionNumber: null,
    newTicketingUI: true,
    isUserSystemAdmin: false,
    productName: 'BMS',
    pictureUrl: null,
    openIdRealmId: null,
  });
}
