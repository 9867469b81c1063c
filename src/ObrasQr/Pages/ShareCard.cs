namespace ObrasQr.Pages;

/// <summary>What a shared link previews: absolute URLs, as Open Graph requires.</summary>
public sealed record ShareCard(string Title, string Url, string Image, string ImageAlt);
