"use client";
import { useId, useState } from "react";

/**
 * A file picker that also takes a dropped file. It is a real file input under a label, so it works
 * with the keyboard (Tab, then Enter or Space) and with screen readers.
 */
export function FileDrop({
  label,
  hint,
  onFile,
  disabled,
}: {
  label: string;
  hint?: string;
  onFile: (file: File) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    // The drop zone only adds dragging onto the labelled file input inside it, which the keyboard and screen readers use.
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target, not a control
    <div
      className={`file-drop${over ? " over" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <label htmlFor={id}>
        <span className="file-drop-label">{label}</span>
        {hint ? <span className="muted">{hint}</span> : null}
      </label>
      <input
        id={id}
        type="file"
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
