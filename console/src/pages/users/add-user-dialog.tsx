import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import type { CreatedUser } from '../../api/users';
import { CopyField } from '../../components/copy-field';
import { Modal } from '../../components/modal';
import { AddUserForm } from './add-user-form';

/** What was created: a link to the user and, without a password, the one-time set-password link. */
function AddedUser({ created, onClose }: { created: CreatedUser; onClose: () => void }) {
  return (
    <>
      <p>
        <Link to="/users/$userId" params={{ userId: created.user.id }}>
          {created.user.userName}
        </Link>{' '}
        was added.
      </p>
      {created.passwordLink ? (
        <>
          <p className="notice">
            Send this set-password link to the user; it is shown only now and expires{' '}
            {new Date(created.passwordLink.expiresAt).toLocaleString()}.
          </p>
          <CopyField label="Set-password link" value={created.passwordLink.url} />
        </>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </>
  );
}

/** Add a local user (SPEC C6 local directory): with a password, or with a one-time set-password link. */
export function AddUserDialog(props: { isOpen: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedUser>();
  const close = () => {
    setCreated(undefined);
    props.onClose();
  };
  return (
    <Modal
      isOpen={props.isOpen}
      onClose={close}
      title={created ? 'User added' : 'Add local user'}
      wide
      locked={!!created}
    >
      {created ? (
        <AddedUser created={created} onClose={close} />
      ) : (
        <AddUserForm onCreated={setCreated} onCancel={close} />
      )}
    </Modal>
  );
}
