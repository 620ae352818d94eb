/**
 * What MSP tickets are about, and the IT Glue documentation that helps with each topic: the
 * generator draws ticket titles, details, notes and checklists from here, and documents and
 * passwords for the organizations, so "suggested documentation" has something to find.
 *
 * Names are chosen for the matching rules of ticket settings (SPEC §13): `contains` matches whole
 * words, so near misses sit side by side ("Printer setup" / "Printers and scanners" / "Print
 * server"), and `{org}` stands for the organization's name (the `[organization_name]` variable).
 */

export type TicketTypeName = 'Service Request' | 'Incident' | 'Problem' | 'Change';

export interface Topic {
  key: string;
  issueType: string;
  /** Sub-issue types of `issueType`; tickets pick one. */
  subIssueTypes: readonly string[];
  /** Ticket titles and their ticket type. `{asset}` is an asset of the account, when it has one. */
  titles: readonly (readonly [string, TicketTypeName])[];
  /** Ticket details. `{contact}`, `{location}` and `{asset}` are filled in. */
  details: readonly string[];
  /** Technician notes while working on it. */
  notes: readonly string[];
  /** Tasks a technician lists on the ticket (ad-hoc checklist), when the topic has any. */
  checklist?: readonly string[];
  /** The asset category tickets of this topic usually concern. */
  assetCategory?: string;
  /** Document names (`{org}` = organization name). */
  documents: readonly string[];
  /** Password names and their password category. */
  passwords: readonly (readonly [string, string])[];
}

export const TOPICS: readonly Topic[] = [
  {
    key: 'printing',
    issueType: 'Printing',
    subIssueTypes: ['Printer', 'Scanner'],
    titles: [
      ['Printer offline', 'Incident'],
      ['Cannot print to the office printer', 'Incident'],
      ['Print jobs stuck in the queue', 'Incident'],
      ['Scanner not saving to network folder', 'Incident'],
      ['Toner low warning on {asset}', 'Service Request'],
      ['Add printer for new starter', 'Service Request'],
    ],
    details: [
      '{contact} reports the printer at {location} shows offline. Jobs stay in the queue.',
      'Nobody at {location} can print since this morning; the printer display shows an IP conflict.',
      'Scan to folder fails with "network path not found" on {asset}.',
      'Please add the second-floor printer for a new starter at {location}.',
    ],
    notes: [
      'Power-cycled the printer and cleared the print queue; test page printed.',
      'Printer had picked up a new DHCP address. Set a reservation on the firewall.',
      'Re-mapped the printer on the user\'s laptop via the print server.',
      'Updated the scan-to-folder credentials on the device web page.',
    ],
    assetCategory: 'Printer',
    documents: ['{org} – Printer setup', 'Printer Setup Guide', 'Printers and Scanners', 'Print Server maintenance', 'Scan to Folder configuration'],
    passwords: [
      ['Printer admin panel', 'Printers'],
      ['Scan-to-email mailbox', 'Email'],
      ['Print server local admin', 'Active Directory'],
    ],
  },
  {
    key: 'vpn',
    issueType: 'Network',
    subIssueTypes: ['VPN'],
    titles: [
      ['Cannot connect to VPN', 'Incident'],
      ['VPN disconnects every few minutes', 'Incident'],
      ['New VPN access for {contact}', 'Service Request'],
    ],
    details: [
      '{contact} cannot connect to the VPN from home: "authentication failed".',
      'VPN drops every few minutes since the firewall update.',
      'Please set up VPN access for {contact} (working from home from Monday).',
    ],
    notes: [
      'Reset the VPN user\'s MFA enrolment; connection works.',
      'Client was on an old VPN version. Upgraded, connected fine.',
      'Added the user to the VPN group on the firewall.',
    ],
    documents: ['VPN Setup', '{org} – Remote access (VPN)', 'Remote Access Policy', 'VPN client install guide'],
    passwords: [
      ['VPN pre-shared key', 'Remote Access'],
      ['SSL VPN admin', 'Network Device'],
    ],
  },
  {
    key: 'wifi',
    issueType: 'Network',
    subIssueTypes: ['Wi-Fi'],
    titles: [
      ['Wi-Fi drops in conference room', 'Incident'],
      ['Guest Wi-Fi password request', 'Service Request'],
      ['Slow wireless on the second floor', 'Problem'],
    ],
    details: [
      'Wi-Fi keeps dropping in the conference room at {location} during calls.',
      '{contact} needs the guest Wi-Fi password for visitors this week.',
      'Wireless is slow upstairs at {location}; the access point may be overloaded.',
    ],
    notes: ['Moved the access point to a less crowded channel.', 'Sent the guest Wi-Fi details to the contact.', 'Replaced the access point power injector.'],
    documents: ['Wi-Fi Configuration', '{org} – Wireless network', 'Wireless Survey Results'],
    passwords: [
      ['Wi-Fi (staff)', 'Wireless'],
      ['Wi-Fi (guest)', 'Wireless'],
      ['Wireless controller admin', 'Network Device'],
    ],
  },
  {
    key: 'email',
    issueType: 'Email',
    subIssueTypes: ['Outlook', 'Mailbox', 'Microsoft 365'],
    titles: [
      ['Outlook keeps asking for password', 'Incident'],
      ['Shared mailbox access', 'Service Request'],
      ['Emails not arriving from a customer', 'Incident'],
      ['Set up mail forwarding', 'Service Request'],
      ['Microsoft 365 license for new starter', 'Service Request'],
    ],
    details: [
      'Outlook prompts {contact} for the password every few minutes.',
      'Please give {contact} access to the accounts shared mailbox.',
      'E-mails from one supplier no longer arrive; they may be in quarantine.',
      'Forward mail of a departed employee to {contact}.',
    ],
    notes: [
      'Cleared cached credentials and re-created the Outlook profile.',
      'Granted full access to the shared mailbox in the Microsoft 365 admin center.',
      'Released messages from quarantine and added the sender to the allow list.',
      'Assigned a Microsoft 365 Business Premium license.',
    ],
    documents: ['Microsoft 365 Administration', 'Email Configuration', '{org} – Mail flow and DNS records', 'Shared Mailboxes'],
    passwords: [
      ['Microsoft 365 Global Admin', 'Microsoft 365'],
      ['Email relay account', 'Email'],
      ['Exchange Online admin', 'Email'],
    ],
  },
  {
    key: 'account',
    issueType: 'User Account',
    subIssueTypes: ['Password Reset', 'MFA', 'New User', 'Offboarding'],
    titles: [
      ['Password reset', 'Service Request'],
      ['Account locked out', 'Incident'],
      ['Reset MFA', 'Service Request'],
      ['New user setup', 'Service Request'],
      ['Offboard departing employee', 'Service Request'],
    ],
    details: [
      '{contact} forgot the password and is locked out of the laptop.',
      'Account locked after too many attempts; {contact} changed the password on the phone.',
      'New phone: {contact} needs MFA re-registered.',
      'New starter at {location} on Monday: account, e-mail, laptop and printer please.',
      'Employee leaves on Friday: disable the account, convert the mailbox, collect the laptop.',
    ],
    notes: [
      'Reset the password and unlocked the account; user logged in.',
      'Cleared MFA methods; user re-registered the authenticator app.',
      'Account created and licensed; laptop imaged.',
      'Account disabled, mailbox converted to shared, manager has access.',
    ],
    checklist: [
      'Create the user account',
      'Assign the Microsoft 365 license',
      'Add to security groups',
      'Set up the laptop',
      'Map printers and shares',
      'Send the welcome e-mail',
    ],
    documents: ['New Hire Setup', 'Offboarding Procedure', 'Password Policy', '{org} – User onboarding'],
    passwords: [
      ['Domain Administrator', 'Active Directory'],
      ['Azure AD Connect service account', 'Active Directory'],
    ],
  },
  {
    key: 'firewall',
    issueType: 'Network',
    subIssueTypes: ['Firewall', 'Internet'],
    titles: [
      ['Firewall firmware upgrade', 'Change'],
      ['Open port for new application', 'Change'],
      ['Internet down at {location}', 'Incident'],
    ],
    details: [
      'Scheduled firmware upgrade of the firewall at {location} (security advisory).',
      'Vendor needs port 8443 open to the application server.',
      'No internet at {location}; the firewall shows the WAN link down.',
    ],
    notes: ['Took a config backup of the firewall before the upgrade.', 'ISP confirmed an outage in the area; service restored.', 'Added the NAT rule and tested with the vendor.'],
    checklist: ['Back up the firewall configuration', 'Download the firmware', 'Upgrade during the maintenance window', 'Test VPN and internet access', 'Update the network documentation'],
    assetCategory: 'Firewall',
    documents: ['Network Overview', 'Firewall Rules', '{org} – Firewall', 'Network Diagram', 'Networking standards'],
    passwords: [
      ['Firewall admin', 'Network Device'],
      ['Router admin', 'Network Device'],
      ['Core switch', 'Network'],
      ['ISP portal', 'Website'],
    ],
  },
  {
    key: 'backup',
    issueType: 'Backup',
    subIssueTypes: ['Backup Failure', 'Restore'],
    titles: [
      ['Backup job failed', 'Incident'],
      ['Restore deleted folder', 'Service Request'],
      ['Backup storage nearly full', 'Problem'],
    ],
    details: [
      'Nightly backup of {asset} failed with a VSS error.',
      '{contact} deleted a project folder yesterday; please restore it.',
      'Backup repository at 92 %: retention needs review.',
    ],
    notes: ['Restarted the VSS writers; the backup ran successfully.', 'Restored the folder from last night\'s backup.', 'Reduced retention of old restore points after approval.'],
    checklist: ['Find the latest good restore point', 'Restore to an alternate location', 'Ask the user to check the files', 'Move the files into place'],
    assetCategory: 'Server',
    documents: ['Backup Procedure', 'Disaster Recovery Plan', '{org} – Backup and restore', 'Backups'],
    passwords: [
      ['Backup console', 'Backup'],
      ['Offsite backup encryption key', 'Backup'],
    ],
  },
  {
    key: 'hardware',
    issueType: 'Hardware',
    subIssueTypes: ['Laptop', 'Desktop', 'Server', 'Monitor'],
    titles: [
      ['Laptop running slow', 'Incident'],
      ['Replace failing hard drive in {asset}', 'Incident'],
      ['Blue screen on boot', 'Incident'],
      ['Request new monitor', 'Service Request'],
      ['Disk space low on file server', 'Problem'],
    ],
    details: [
      '{asset} takes ten minutes to start and programs freeze.',
      'SMART warnings on {asset}; disk replacement needed.',
      '{contact} gets a blue screen right after the logo.',
      'Second monitor requested for {contact} at {location}.',
    ],
    notes: ['Removed startup programs and added memory.', 'Disk replaced and the image restored.', 'Rolled back the display driver; no more blue screens.', 'Monitor ordered, delivery on Thursday.'],
    assetCategory: 'Laptop',
    documents: ['Hardware Standards', 'Laptop Imaging Guide', '{org} – Hardware inventory'],
    passwords: [['Local administrator (LAPS)', 'Active Directory']],
  },
  {
    key: 'software',
    issueType: 'Software',
    subIssueTypes: ['Application', 'Updates', 'Telephony'],
    titles: [
      ['Install accounting software update', 'Change'],
      ['Line-of-business app crashes on start', 'Incident'],
      ['Phone system not ringing', 'Incident'],
      ['Teams audio issues', 'Incident'],
    ],
    details: [
      'The yearly accounting update must be installed on every PC at {location}.',
      'The line-of-business application closes right after login for {contact}.',
      'Desk phones at {location} do not ring; calls go straight to voicemail.',
      '{contact} is not heard in Teams calls.',
    ],
    notes: ['Installed the update on all workstations after hours.', 'Repaired the application and cleared its cache.', 'Phone system ring group fixed.', 'Reset the audio device settings in Teams.'],
    documents: ['Line-of-Business Application', 'Patch Schedule', '{org} – Software licenses', 'Phone System'],
    passwords: [
      ['Line-of-business app admin', 'Database'],
      ['Phone system portal', 'Website'],
    ],
  },
];

/** Generic technician notes for any ticket. */
export const GENERAL_NOTES = [
  'Called the user, no answer. Left a voicemail.',
  'Remote session scheduled for this afternoon.',
  'Waiting for the user to confirm.',
  'Checked the logs; nothing unusual.',
] as const;

/** Public notes to the customer. */
export const CUSTOMER_NOTES = [
  'We are looking into this and will update you shortly.',
  'This should be working again. Please let us know if not.',
  'Could you try again and tell us if the problem is still there?',
] as const;

/** Documents an MSP keeps in its own organization. */
export const MSP_DOCUMENTS = ['Escalation Procedure', 'On-call Rota', 'Standard Operating Procedures', 'Onboarding a new client'] as const;
