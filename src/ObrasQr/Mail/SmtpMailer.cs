using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ObrasQr.Mail;

/// <summary>One connection to the configured SMTP server (MailKit), for the letters of one run of the sender.</summary>
public sealed class SmtpMailer(MailOptions options) : IAsyncDisposable
{
    readonly SmtpClient client = new() { Timeout = 30_000 };

    public async Task SendAsync(string messageId, Letter letter, CancellationToken ct)
    {
        if (!client.IsConnected)
        {
            await client.ConnectAsync(options.Host!, options.Port, Security(options.Security), ct);
            if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        }
        await client.SendAsync(Message(messageId, letter), ct);
    }

    MimeMessage Message(string messageId, Letter letter)
    {
        var from = MailboxAddress.Parse(options.From ?? "");
        var message = new MimeMessage { Subject = letter.Subject, Body = new TextPart("plain") { Text = letter.Body } };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(letter.To));
        // The outbox row's id, hashed (it holds report and staff ids): a resend after a crash is the same message.
        message.MessageId = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32]}@{from.Domain}";
        return message;
    }

    static SecureSocketOptions Security(string mode) => mode.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    public async ValueTask DisposeAsync()
    {
        try { if (client.IsConnected) await client.DisconnectAsync(true); }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or SmtpCommandException or OperationCanceledException) { }
        client.Dispose();
    }
}
