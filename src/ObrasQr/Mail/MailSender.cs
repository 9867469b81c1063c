using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ObrasQr.Mail;

/// <summary>
/// Delivers the outbox: on the server every <see cref="MailOptions.PollInterval"/> (MailScheduler), on Azure from the
/// Functions timer; both call <see cref="RunAsync"/>. Each due row is composed from the store, sent, then marked sent.
/// A failure leaves it due again after a back-off that doubles up to <see cref="MailOptions.MaxRetryDelay"/>, never
/// given up. Send-then-mark: a crash (or a failed mark) between the two resends that one mail on the next run, with
/// the same Message-Id; nothing else is ever sent twice and nothing is lost (docs/staff.md, "Correo").
/// </summary>
public sealed class MailSender(IMailOutbox outbox, MailComposer composer, IOptionsMonitor<ObrasQrOptions> options, TimeProvider clock,
    ILogger<MailSender> log)
{
    const int Batch = 100, MaxRounds = 20;
    readonly SemaphoreSlim oneRunAtATime = new(1, 1);

    public bool IsConfigured => options.CurrentValue.Mail.IsConfigured;

    public async Task RunAsync(CancellationToken ct)
    {
        await oneRunAtATime.WaitAsync(ct);
        try
        {
            var mail = options.CurrentValue.Mail;
            var now = clock.GetUtcNow();
            if (!mail.IsConfigured)
            {
                // Notices of a time without mail are not sent months later when mail is set up.
                foreach (var row in await outbox.DueAsync(now, Batch * MaxRounds, ct))
                    await outbox.MarkSentAsync(row.Id, now, "Sin enviar: el correo no está configurado.", ct);
                return;
            }
            await QueueTodaysDigestAsync(mail, now, ct);
            await using var smtp = new SmtpMailer(mail);
            string? smtpDown = null;
            for (var round = 0; round < MaxRounds; round++)
            {
                var due = await outbox.DueAsync(now, Batch, ct);
                if (due.Count == 0) return;
                foreach (var row in due) smtpDown = await DeliverAsync(row, smtp, smtpDown, mail, now, ct);
            }
        }
        finally
        {
            oneRunAtATime.Release();
        }
    }

    /// <summary>The digest of each business morning (Colombia), once: its id is the day.</summary>
    async Task QueueTodaysDigestAsync(MailOptions mail, DateTimeOffset now, CancellationToken ct)
    {
        var local = now.ToOffset(ColombiaTime.Offset);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (Reports.ColombianCalendar.IsBusinessDay(today) && local.Hour >= mail.DigestHour)
            await outbox.EnqueueAsync([OutboxMessage.Digest(today, now)], ct);
    }

    /// <returns>Why the SMTP server failed in this run, if it did: the remaining letters wait for the next run.</returns>
    async Task<string?> DeliverAsync(OutboxMessage row, SmtpMailer smtp, string? smtpDown, MailOptions mail, DateTimeOffset now, CancellationToken ct)
    {
        Composed composed;
        try
        {
            composed = await composer.ComposeAsync(row, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Composing mail {Id} failed", row.Id);
            await FailAsync(row, mail, now, e.Message, ct);
            return smtpDown;
        }
        switch (composed)
        {
            case FanOut fanOut:
                await outbox.EnqueueAsync(fanOut.Rows, ct); // before the mark: a crash in between re-expands into the same ids
                await outbox.MarkSentAsync(row.Id, now, $"{fanOut.Rows.Count} destinatarios.", ct);
                return smtpDown;
            case NothingToSend nothing:
                await outbox.MarkSentAsync(row.Id, now, nothing.Why, ct);
                return smtpDown;
            case NotYet notYet:
                await outbox.MarkFailedAsync(row.Id, row.Attempts, now + mail.RetryBaseDelay, notYet.Why, ct);
                return smtpDown;
        }
        var letter = (Letter)composed;
        if (smtpDown is not null)
        {
            await FailAsync(row, mail, now, smtpDown, ct);
            return smtpDown;
        }
        try
        {
            await smtp.SendAsync(row.Id, letter, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Sending mail {Id} failed; it stays in the outbox", row.Id);
            await FailAsync(row, mail, now, e.Message, ct);
            return e.Message;
        }
        await outbox.MarkSentAsync(row.Id, clock.GetUtcNow(), null, ct);
        return null;
    }

    Task FailAsync(OutboxMessage row, MailOptions mail, DateTimeOffset now, string error, CancellationToken ct)
    {
        var attempts = row.Attempts + 1;
        return outbox.MarkFailedAsync(row.Id, attempts, now + BackOff(mail, attempts), error, ct);
    }

    /// <summary>The wait after the n-th failed try: the base delay doubled n - 1 times, at most the maximum.</summary>
    public static TimeSpan BackOff(MailOptions mail, int attempts) =>
        TimeSpan.FromTicks(Math.Min(mail.MaxRetryDelay.Ticks, mail.RetryBaseDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
