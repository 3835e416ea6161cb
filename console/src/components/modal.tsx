import type { ReactNode } from 'react';
import { Dialog, Heading, Modal as AriaModal, ModalOverlay } from 'react-aria-components';

/** A controlled modal dialog (React Aria: focus trapped and restored, Escape closes unless `locked`). */
export function Modal(props: {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  locked?: boolean;
  wide?: boolean;
}) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={props.isOpen}
      onOpenChange={(open) => (open ? undefined : props.onClose())}
      isDismissable={!props.locked}
      isKeyboardDismissDisabled={props.locked}
    >
      <AriaModal className={props.wide ? 'modal wide' : 'modal'}>
        <Dialog className="dialog">
          <Heading slot="title">{props.title}</Heading>
          {props.children}
        </Dialog>
      </AriaModal>
    </ModalOverlay>
  );
}
