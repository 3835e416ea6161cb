import type { ProviderWithCredential } from '../../api/providers';
import { CopyField } from '../../components/copy-field';
import { Modal } from '../../components/modal';

/** The seeds' "SCIM Provider Created": base URL and secret, shown once (only a hash is kept). */
export function CredentialDialog(props: {
  created: ProviderWithCredential | undefined;
  title: string;
  onClose: () => void;
}) {
  const c = props.created;
  return (
    <Modal isOpen={c !== undefined} onClose={props.onClose} title={props.title} locked>
      {c ? (
        <>
          <p className="notice">{c.notice}</p>
          <CopyField label="Base URL" value={c.provider.scimBaseUrl} />
          {c.credential.type === 'bearer' ? (
            <CopyField label="Token" value={c.credential.token} />
          ) : (
            <>
              <CopyField label="Username" value={c.credential.username} />
              <CopyField label="Password" value={c.credential.password} />
            </>
          )}
          <div className="actions">
            <button type="button" onClick={props.onClose}>
              I have stored it — close
            </button>
          </div>
        </>
      ) : null}
    </Modal>
  );
}
