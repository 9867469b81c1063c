using Microsoft.Extensions.Options;
using ObrasQr.Mail;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions mail timer: delivers the outbox every ObrasQr__Mail__PollInterval.</summary>
public sealed class MailScheduler(MailSender sender, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<MailScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Mail.PollInterval, clock, stoppingToken);
                await sender.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store may be unreachable for a while: the outbox keeps the mail for the next run.
                log.LogError(e, "Mail run failed");
            }
        }
    }
}
