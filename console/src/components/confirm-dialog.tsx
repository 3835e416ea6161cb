import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

/** A button that asks before a consequential action; focus is trapped and Escape cancels (React Aria). */
export function ConfirmButton(props: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}) {
  return (
    <DialogTrigger>
      <Button className={props.danger ? 'button danger' : 'button secondary'} isDisabled={props.disabled}>
        {props.label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{props.title}</Heading>
                {props.children}
                <div className="actions">
                  <Button
                    className={props.danger ? 'button danger' : 'button'}
                    onPress={() => {
                      props.onConfirm();
                      close();
                    }}
                  >
                    {props.confirmLabel}
                  </Button>
                  <Button className="button secondary" onPress={close}>
                    Cancel
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
