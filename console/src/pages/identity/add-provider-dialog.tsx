import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { createProvider, type ProviderWithCredential } from '../../api/providers';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';

/** Add a SCIM provider (bearer token for Entra ID, or basic) or a directory sync (always basic). */
export function AddProviderDialog(props: {
  isOpen: boolean;
  onClose: () => void;
  onCreated: (c: ProviderWithCredential) => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<'scim' | 'dirsync'>('scim');
  const [authType, setAuthType] = useState<'bearer' | 'basic'>('bearer');
  const create = useMutation({
    mutationFn: () =>
      createProvider({ name: name.trim(), type, ...(type === 'scim' ? { authType } : { authType: 'basic' }) }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['providers'] });
      setName('');
      props.onCreated(c);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal isOpen={props.isOpen} onClose={props.onClose} title="Add provisioning provider">
      <form onSubmit={submit}>
        <label htmlFor={`${id}-name`}>Display name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus />
        <ProviderTypeFields type={type} setType={setType} authType={authType} setAuthType={setAuthType} />
        <ProblemMessage error={create.error} />
        <div className="actions">
          <button type="submit" disabled={!name.trim() || create.isPending}>
            Create provider
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The provider's type and, for SCIM, how it authenticates. */
function ProviderTypeFields(props: {
  type: 'scim' | 'dirsync';
  setType: (t: 'scim' | 'dirsync') => void;
  authType: 'bearer' | 'basic';
  setAuthType: (a: 'bearer' | 'basic') => void;
}) {
  const { type, setType, authType, setAuthType } = props;
  return (
    <>
      <fieldset className="plain">
        <legend>Type</legend>
        <label className="check">
          <input type="radio" name="type" checked={type === 'scim'} onChange={() => setType('scim')} />
          SCIM (Microsoft Entra ID, Okta, OneLogin, …)
        </label>
        <label className="check">
          <input type="radio" name="type" checked={type === 'dirsync'} onChange={() => setType('dirsync')} />
          Directory sync (LDAP directory sync tool)
        </label>
      </fieldset>
      {type === 'scim' ? (
        <fieldset className="plain">
          <legend>Authentication</legend>
          <label className="check">
            <input type="radio" name="auth" checked={authType === 'bearer'} onChange={() => setAuthType('bearer')} />
            OAuth bearer token (required for Microsoft Entra ID)
          </label>
          <label className="check">
            <input type="radio" name="auth" checked={authType === 'basic'} onChange={() => setAuthType('basic')} />
            Username and password (HTTP Basic)
          </label>
        </fieldset>
      ) : null}
    </>
  );
}
