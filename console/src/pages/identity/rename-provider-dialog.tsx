import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { updateProviderSettings, type Provider } from '../../api/providers';
import { Modal } from '../../components/modal';
import { ProblemMessage } from '../../components/problem-message';

/** seeds/002 "Edit This Provider Name": the name the console and the sync log show (unique in the tenant). */
export function RenameProviderDialog(props: { provider: Provider; onClose: () => void }) {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState(props.provider.name);
  const rename = useMutation({
    mutationFn: () => updateProviderSettings(props.provider.id, { name: name.trim() }),
    onSuccess: (p) => {
      qc.setQueryData(['provider', p.id], p);
      void qc.invalidateQueries({ queryKey: ['providers'] });
      props.onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate();
  };
  return (
    <Modal isOpen onClose={props.onClose} title="Rename provider">
      <form onSubmit={submit}>
        <label htmlFor={`${id}-n`}>Display name</label>
        <input id={`${id}-n`} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus />
        <ProblemMessage error={rename.error} />
        <div className="actions">
          <button type="submit" disabled={!name.trim() || name.trim() === props.provider.name || rename.isPending}>
            Save name
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
