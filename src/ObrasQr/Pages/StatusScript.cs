using System.Security.Cryptography;
using System.Text;

namespace ObrasQr.Pages;

/// <summary>
/// Follows a page that waits on work in the background (an upload being imported, a "sync now"): every few seconds
/// (the script's data-poll) it asks for the same page and reloads once that page no longer waits. A meta refresh would
/// reload it again and again, which WCAG 2.1 counts as a failure of 2.2.1 (technique F41): a screen reader starts over
/// each time. Without the script the page says to reload it, and a link does. Allowed by the Content-Security-Policy by
/// its SHA-256, as <see cref="FormScript"/>.
/// </summary>
public static class StatusScript
{
    /// <summary>What marks a page as waiting: the attribute of this script's own tag.</summary>
    public const string Marker = "data-poll=";

    public const string Text = """
        (()=>{const n=+document.currentScript.dataset.poll*1000;if(!window.fetch||!n)return;
        const tick=async()=>{try{const r=await fetch(location.href,{cache:'no-store'});
        if(r.ok&&!(await r.text()).includes('data-poll=')){location.reload();return}}catch(x){}setTimeout(tick,n)};setTimeout(tick,n)})()
        """;

    /// <summary>The CSP source that allows this inline script.</summary>
    public static readonly string CspSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))}'";
}
