using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ObrasQr;

/// <summary>
/// How every JSON answer is encoded. Text comes from citizens and from imports, so &lt; &gt; &amp; ' are escaped
/// (inert even if a client pastes the JSON into HTML); accents stay readable.
/// </summary>
public static class JsonOut
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
}
