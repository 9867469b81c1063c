using System.Security.Cryptography;
using System.Text;

namespace ObrasQr.Desk;

/// <summary>
/// The report page's only script: a template button puts its text into the public answer where the cursor is (at the
/// end if the answer was not touched), keeping what was typed, without sending the form. Without it the same button
/// sends the form, which comes back with the note and answer kept and the text added (<see cref="AnswerTemplates"/>).
/// Allowed by the Content-Security-Policy by its SHA-256, as <see cref="Pages.FormScript"/>.
/// </summary>
public static class TemplateScript
{
    public const string Text = """
        (()=>{const a=document.getElementById('publicAnswer');if(!a)return;let f=false;a.addEventListener('focus',()=>{f=true});
        for(const b of document.querySelectorAll('button[data-template]'))b.addEventListener('click',e=>{e.preventDefault();
        const t=b.dataset.template,s=f?a.selectionStart:a.value.length,n=f?a.selectionEnd:s,p=s>0&&!/\s$/.test(a.value.slice(0,s))?'\n\n':'';
        a.setRangeText(p+t,s,n,'end');f=true;a.focus();const st=document.getElementById('status');
        if(b.dataset.status&&st&&[...st.options].some(o=>o.value==b.dataset.status))st.value=b.dataset.status})})()
        """;

    /// <summary>The CSP source that allows this inline script.</summary>
    public static readonly string CspSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";
}
