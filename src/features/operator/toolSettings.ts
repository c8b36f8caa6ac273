/**
 * The values an LMS administrator pastes into their LMS to install CoachLoop, from the public
 * URL. The CLI prints them and the operator pages show them, in the same order and words.
 */
import { LTI_PATHS } from '../../lti/provider';

/** One value to paste, with the names LMSs give that field. */
export interface ToolSetting {
  label: string;
  value: string;
  /** Other names LMSs use for this field. */
  alsoCalled: string;
}

/** Every URL a platform is configured with, for manual registration. */
export function toolSettings(publicUrl: string): ToolSetting[] {
  const base = publicUrl.replace(/\/+$/, '');
  return [
    { label: 'OIDC login initiation URL', value: base + LTI_PATHS.login, alsoCalled: 'Initiate login URL, OpenID Connect login URL, Login URL' },
    { label: 'Redirect URL', value: base + LTI_PATHS.launch, alsoCalled: 'Redirect URI(s), Launch URL, Target link URI, Tool URL' },
    { label: 'Public keyset (JWKS) URL', value: base + LTI_PATHS.keys, alsoCalled: 'Public JWK URL, Keyset URL, Tool JWKS URL' },
    { label: 'Deep linking URL', value: base + LTI_PATHS.launch, alsoCalled: 'Content selection URL, Content-item URL (the launch URL: CoachLoop tells the two messages apart)' },
    { label: 'Canvas JSON configuration URL', value: `${base}/lti/canvas.json`, alsoCalled: 'Canvas developer key → LTI key → Method: Enter URL' },
  ];
}

/** The Dynamic Registration URL, with an install code when one is required. */
export function registrationUrl(publicUrl: string, installCode?: string): string {
  const url = publicUrl.replace(/\/+$/, '') + LTI_PATHS.register;
  return installCode ? `${url}?install_code=${encodeURIComponent(installCode)}` : url;
}
