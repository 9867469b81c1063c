// Alerts on what needs a person: the API answering 5xx, a background job that failed for good, and a job
// message moved to the poison queue. One action group e-mails alertEmail; without it the alerts still fire
// and show in the portal (Monitor > Alerts), nobody is notified.

param functionAppName string
param applicationInsightsName string
param location string
param tags object = {}

@description('E-mail that receives the alerts. Empty: no action group, alerts without notification.')
param alertEmail string = ''

@description('Prefix of the alert names (the function app\'s name keeps them apart per environment).')
param namePrefix string

@description('5xx answers in five minutes that raise the alert.')
param http5xxThreshold int = 10

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var notify = !empty(alertEmail)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (notify) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'obrasqr'
    enabled: true
    emailReceivers: [
      {
        name: 'responsable'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroupIds = notify ? [actionGroup.id] : []

// The platform's own count of 5xx answers (Http5xx) over five minutes: it counts answers the app never logged too
// (a crashed worker, a timeout at the front end).
resource http5xxAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-http-5xx'
  location: 'global'
  tags: tags
  properties: {
    description: 'La API respondió con errores 5xx (más de ${http5xxThreshold} en cinco minutos).'
    severity: 1
    enabled: true
    scopes: [
      functionApp.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'http5xx'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          timeAggregation: 'Total'
          operator: 'GreaterThan'
          threshold: http5xxThreshold
        }
      ]
    }
    actions: [
      for id in actionGroupIds: {
        actionGroupId: id
      }
    ]
  }
}

// A job that gave up logs "Job failed: {kind} {id}" at Error (as a trace, or as an exception when it carries one).
resource failedJobsAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-failed-jobs'
  location: location
  tags: tags
  properties: {
    displayName: '${namePrefix}-failed-jobs'
    description: 'Un trabajo en segundo plano (importación, sincronización, datos abiertos) falló y no se reintentará.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'union (traces | where severityLevel >= 3 and message contains "Job failed"), (exceptions | where outerMessage contains "Job failed" or tostring(customDimensions) contains "Job failed")'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroupIds
    }
  }
}

// The queue trigger logs "... Moving message to queue 'jobs-poison'" when a message exhausts its retries. A log query
// rather than a metric: the storage account's QueueMessageCount counts every queue of the account together, hourly,
// so it cannot tell a poison message from ordinary pending work.
resource poisonMessagesAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-poison-messages'
  location: location
  tags: tags
  properties: {
    displayName: '${namePrefix}-poison-messages'
    description: 'Un mensaje de trabajo agotó sus reintentos y pasó a la cola jobs-poison.'
    severity: 2
    enabled: true
    scopes: [
      applicationInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'traces | where message contains "jobs-poison"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroupIds
    }
  }
}
