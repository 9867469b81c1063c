// Storage account for the app's data: tables (docs/azure-tables.md), the "files" container (exports, photos),
// the "backups" container and the job queues. Apart from the Functions host account (host-storage.bicep).
// Protected against mistakes: blob and container soft delete, versioning, a chosen redundancy, lifecycle
// rules; shared-key access off, so every client authenticates with Entra ID.

param name string
param location string
param tags object = {}

@description('Redundancy of the data: Standard_LRS, Standard_ZRS, Standard_GRS or Standard_GZRS (main.bicep\'s storageRedundancy; README: what each one survives and costs).')
param redundancy string

@minValue(1)
@maxValue(365)
@description('Days a deleted or overwritten blob, a deleted container and an old blob version can be restored.')
param blobSoftDeleteDays int

@minValue(1)
@description('Days a blob under backups/ is kept.')
param backupRetentionDays int

@description('Blob containers: "files" for raw exports and report photos by path (src/ObrasQr.AzureStorage), "backups" for the nightly table backups.')
param containerNames array = [
  'files'
  'backups'
]

@description('Queues of the background jobs; the Functions queue trigger moves a message that keeps failing to "<queue>-poison".')
param queueNames array = [
  'jobs'
  'jobs-poison'
]

@description('Tables the app uses (docs/azure-tables.md; names in src/ObrasQr.AzureStorage/AzureStore.cs). The app creates missing ones at start too; declaring them keeps `azd provision` self-describing.')
param tableNames array = [
  'contracts'
  'reports'
  'reportindex'
  'reporters'
  'identityaccess'
  'exports'
  'syncstate'
  'staff'
  'staffsessions'
  'staffchanges'
  'progress'
  'mailoutbox'
  'withdrawals'
  'withdrawalacts'
  'works'
  'figures'
  'jobs'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: redundancy
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// A blob deleted or overwritten by mistake (or by a bug) comes back: soft delete keeps deleted blobs and
// containers, versioning keeps every overwritten state, both for blobSoftDeleteDays.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// Lifecycle rules run once a day; a deletion they make is itself soft-deleted for blobSoftDeleteDays.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          // A photo is held for hours at most, until its report is filed; one left by an instance that went away
          // (or an abandoned form) is no one's, so neither it nor its versions outlive a day. The same for the record of an
          // upload sent in chunks (uploads/{id}.json): the app answers 404 for it after a day (its uncommitted blocks the
          // service itself discards after 7 days).
          name: 'held-photos'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'files/held/'
                'files/uploads/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: 1
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 1
                }
              }
            }
          }
        }
        {
          // The status of a "sync now" (sync-runs/{id}.json) is followed for minutes by the person who asked; a month
          // later nobody reads it, and what it imported stays in each export's own record.
          name: 'old-sync-runs'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'files/sync-runs/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: 30
                }
              }
            }
          }
        }
        {
          // Uploaded SECOP exports are the record of what was imported: never deleted, only moved to the cool
          // tier once they are rarely read.
          name: 'old-exports-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'files/exports/'
              ]
            }
            actions: {
              baseBlob: {
                tierToCool: {
                  daysAfterModificationGreaterThan: 30
                }
              }
            }
          }
        }
        {
          name: 'backups-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'backups/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: backupRetentionDays
                }
              }
            }
          }
        }
        {
          // A previous version is kept as long as a soft-deleted blob: the same window to undo a mistake.
          name: 'old-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: blobSoftDeleteDays
                }
              }
            }
          }
        }
      ]
    }
  }
  // The rules name containers that must exist first.
  dependsOn: [
    containers
  ]
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
output queueEndpoint string = storage.properties.primaryEndpoints.queue
