/**
 * The rich-text editor of 服务产品加工 (Tiptap's starter kit: headings, bold, italic, underline,
 * strike, lists, quotes, code, rules, links): a Form.Item child whose value is the HTML. The server
 * sanitises whatever arrives to the same whitelist (service.sanitize.ts).
 */
import { useEffect } from 'react';
import { Button, Space, Tooltip } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

export function RichTextEditor({ value, onChange, id }: { value?: string; onChange?: (html: string) => void; id?: string }) {
  const { t } = useI18n();
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: { openOnClick: false, protocols: ['http', 'https', 'mailto'] } })],
    content: value ?? '',
    onUpdate: ({ editor: e }) => onChange?.(e.isEmpty ? '' : e.getHTML()),
  });
  // a value set from outside (a form reset, the loaded item) replaces the text
  useEffect(() => {
    if (editor && value !== undefined && value !== editor.getHTML() && !(value === '' && editor.isEmpty)) editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false, italic: e?.isActive('italic') ?? false, underline: e?.isActive('underline') ?? false,
      strike: e?.isActive('strike') ?? false, h2: e?.isActive('heading', { level: 2 }) ?? false, h3: e?.isActive('heading', { level: 3 }) ?? false,
      bullet: e?.isActive('bulletList') ?? false, ordered: e?.isActive('orderedList') ?? false, quote: e?.isActive('blockquote') ?? false,
    }),
  });
  if (!editor) return null;
  const chain = () => editor.chain().focus();
  const tools: [key: keyof NonNullable<typeof state>, text: string, title: MessageKey, run: () => void][] = [
    ['h2', 'H2', 'service.editor.h2', () => chain().toggleHeading({ level: 2 }).run()],
    ['h3', 'H3', 'service.editor.h3', () => chain().toggleHeading({ level: 3 }).run()],
    ['bold', 'B', 'service.editor.bold', () => chain().toggleBold().run()],
    ['italic', 'I', 'service.editor.italic', () => chain().toggleItalic().run()],
    ['underline', 'U', 'service.editor.underline', () => chain().toggleUnderline().run()],
    ['strike', 'S', 'service.editor.strike', () => chain().toggleStrike().run()],
    ['bullet', '•', 'service.editor.bullet', () => chain().toggleBulletList().run()],
    ['ordered', '1.', 'service.editor.ordered', () => chain().toggleOrderedList().run()],
    ['quote', '❝', 'service.editor.quote', () => chain().toggleBlockquote().run()],
  ];
  function link() {
    const url = window.prompt(t('service.editor.linkPrompt'), editor!.getAttributes('link').href as string | undefined);
    if (url === null) return;
    if (url === '') chain().unsetLink().run();
    else chain().extendMarkRange('link').setLink({ href: url }).run();
  }
  return (
    <div className="rich-text-editor" style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <Space wrap size={4} style={{ padding: 6, borderBottom: '1px solid #f0f0f0', width: '100%' }}>
        {tools.map(([key, text, title, run]) => (
          <Tooltip key={key} title={t(title)}>
            <Button size="small" type={state?.[key] ? 'primary' : 'default'} onClick={run} aria-label={t(title)}
              style={key === 'bold' ? { fontWeight: 700 } : key === 'italic' ? { fontStyle: 'italic' } : key === 'underline' ? { textDecoration: 'underline' } : undefined}>
              {text}
            </Button>
          </Tooltip>
        ))}
        <Tooltip title={t('service.editor.link')}><Button size="small" onClick={link} aria-label={t('service.editor.link')} icon={<LinkOutlined />} /></Tooltip>
      </Space>
      <EditorContent editor={editor} id={id} data-testid="rich-text" className="rich-text-body" style={{ minHeight: 220, padding: '4px 12px' }} />
    </div>
  );
}
