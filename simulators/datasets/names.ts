/**
 * Word lists for realistic generated datasets: company names, people, job titles, and the text
 * that fills descriptions, tickets, passwords and documents. Pure data, no logic.
 */

/** First words of company names. */
export const COMPANY_PREFIXES = [
  'Contoso', 'Fabrikam', 'Northwind', 'Adatum', 'Litware', 'Proseware', 'Tailspin', 'Wingtip', 'Woodgrove',
  'Lucerne', 'Birch', 'Cedar', 'Harbor', 'Summit', 'Riverside', 'Maple', 'Oakridge', 'Bluewater', 'Granite',
  'Pioneer', 'Lakeside', 'Silverline', 'Evergreen', 'Redwood', 'Aspen', 'Willow', 'Copper', 'Ironwood',
  'Beacon', 'Crescent', 'Meadow', 'Prairie', 'Northstar', 'Westfield', 'Eastgate', 'Southport', 'Highland',
  'Valley', 'Coastal', 'Metro', 'Keystone', 'Liberty', 'Heritage', 'Sterling', 'Atlas', 'Orion', 'Apex',
  'Vertex', 'Horizon', 'Sunrise', 'Brightwater', 'Clearwater', 'Stonebridge', 'Foxglove', 'Juniper',
  'Hawthorn', 'Elmwood', 'Kingfisher', 'Falcon', 'Osprey', 'Heron', 'Magnolia', 'Sequoia', 'Cypress',
  'Alder', 'Rowan', 'Thistle', 'Bramble', 'Larkspur', 'Tamarack', 'Tidewater', 'Bayview', 'Hillcrest',
  'Fairview', 'Greenfield', 'Brookside', 'Millbrook', 'Oakhurst', 'Pinecrest', 'Rosewood', 'Woodland',
  'Summerset', 'Windmill', 'Lighthouse', 'Anchor', 'Compass', 'Meridian', 'Zenith', 'Nimbus', 'Polaris',
  'Cobalt', 'Indigo', 'Scarlet', 'Amber', 'Jade', 'Onyx', 'Opal', 'Sapphire', 'Emerald', 'Tanager', 'Wren',
  'Sparrow', 'Robin', 'Finch', 'Lindenwood', 'Ashford', 'Bellmont', 'Carrington', 'Dunmore', 'Fairhaven',
  'Glenwood', 'Hartwell', 'Kensington', 'Lancaster', 'Marlow', 'Norwood', 'Pemberton', 'Quincy', 'Radcliffe',
  'Sheffield', 'Thornbury', 'Wexford', 'Yardley', 'Blue Heron', 'Red Oak', 'Silver Birch', 'Golden Gate',
  'Twin Pines', 'Three Rivers', 'Old Mill', 'Stony Creek', "St. Luke's", "O'Malley", 'Saint Clair',
  'Arbor', 'Boulder', 'Canyon', 'Delta', 'Everest', 'Frontier', 'Glacier', 'Harvest', 'Island', 'Kestrel',
] as const;

/** Industry words; `business` is the BMS business type the name suggests. */
export const INDUSTRIES: readonly { words: string; business: string }[] = [
  { words: 'Dental', business: 'Healthcare' },
  { words: 'Dental Group', business: 'Healthcare' },
  { words: 'Family Dentistry', business: 'Healthcare' },
  { words: 'Orthodontics', business: 'Healthcare' },
  { words: 'Veterinary Clinic', business: 'Veterinary' },
  { words: 'Animal Hospital', business: 'Veterinary' },
  { words: 'Pet Care', business: 'Veterinary' },
  { words: 'Medical Center', business: 'Healthcare' },
  { words: 'Family Practice', business: 'Healthcare' },
  { words: 'Pediatrics', business: 'Healthcare' },
  { words: 'Physiotherapy', business: 'Healthcare' },
  { words: 'Chiropractic', business: 'Healthcare' },
  { words: 'Optometry', business: 'Healthcare' },
  { words: 'Pharmacy', business: 'Healthcare' },
  { words: 'Law', business: 'Legal' },
  { words: 'Law Group', business: 'Legal' },
  { words: 'Legal Services', business: 'Legal' },
  { words: 'Accounting', business: 'Finance' },
  { words: 'CPA', business: 'Finance' },
  { words: 'Tax Services', business: 'Finance' },
  { words: 'Wealth Management', business: 'Finance' },
  { words: 'Financial Advisors', business: 'Finance' },
  { words: 'Credit Union', business: 'Finance' },
  { words: 'Insurance', business: 'Finance' },
  { words: 'Realty', business: 'Real Estate' },
  { words: 'Property Management', business: 'Real Estate' },
  { words: 'Construction', business: 'Construction' },
  { words: 'Builders', business: 'Construction' },
  { words: 'Roofing', business: 'Construction' },
  { words: 'Plumbing', business: 'Construction' },
  { words: 'Electrical', business: 'Construction' },
  { words: 'Heating & Air', business: 'Construction' },
  { words: 'Engineering', business: 'Professional Services' },
  { words: 'Architects', business: 'Professional Services' },
  { words: 'Design Studio', business: 'Professional Services' },
  { words: 'Consulting', business: 'Professional Services' },
  { words: 'Marketing', business: 'Professional Services' },
  { words: 'Logistics', business: 'Transportation' },
  { words: 'Freight', business: 'Transportation' },
  { words: 'Manufacturing', business: 'Manufacturing' },
  { words: 'Machine Works', business: 'Manufacturing' },
  { words: 'Fabrication', business: 'Manufacturing' },
  { words: 'Foods', business: 'Manufacturing' },
  { words: 'Bakery', business: 'Retail' },
  { words: 'Brewing Co.', business: 'Hospitality' },
  { words: 'Winery', business: 'Hospitality' },
  { words: 'Coffee Roasters', business: 'Retail' },
  { words: 'Hotel', business: 'Hospitality' },
  { words: 'Inn', business: 'Hospitality' },
  { words: 'Restaurant Group', business: 'Hospitality' },
  { words: 'Fitness', business: 'Retail' },
  { words: 'Outfitters', business: 'Retail' },
  { words: 'Hardware', business: 'Retail' },
  { words: 'Academy', business: 'Education' },
  { words: 'Montessori School', business: 'Education' },
  { words: 'Preparatory School', business: 'Education' },
  { words: 'Community Church', business: 'Non-Profit' },
  { words: 'Foundation', business: 'Non-Profit' },
  { words: 'Food Bank', business: 'Non-Profit' },
  { words: 'Public Library', business: 'Government' },
];

export const BUSINESS_TYPES = [
  'Healthcare', 'Veterinary', 'Legal', 'Finance', 'Real Estate', 'Construction', 'Professional Services',
  'Transportation', 'Manufacturing', 'Retail', 'Hospitality', 'Education', 'Non-Profit', 'Government',
  'Technology',
] as const;

/** Names for vendor accounts (distributors, carriers, manufacturers an MSP buys from). */
export const VENDOR_NAMES = [
  'Ingram Micro', 'TD SYNNEX', 'Pax8', 'D&H Distributing', 'CDW', 'Insight Enterprises', 'Dell Technologies',
  'Microsoft', 'Comcast Business', 'Verizon Business', 'Telstra', 'BT Business', 'Rogers Business',
  'Datto', 'Sophos', 'SentinelOne', 'Ubiquiti', 'Fortinet', 'Cisco Systems', 'Lenovo', 'HP Inc.',
  'Arrow Electronics', 'Westcon-Comstor', 'Also Holding', 'Exclusive Networks',
] as const;

/** Words that make partner names ("Summit Networks", "Falcon Cabling"). */
export const PARTNER_WORDS = ['IT Solutions', 'Networks', 'Cabling', 'Telecom', 'Security Systems', 'Cloud Partners', 'AV Integrators'] as const;

/** Legal suffixes by ISO country code. */
export const LEGAL_SUFFIXES: Record<string, readonly string[]> = {
  US: ['LLC', 'Inc.', 'PLLC', 'P.C.'],
  CA: ['Inc.', 'Ltd.', 'Corp.'],
  GB: ['Ltd', 'LLP', 'PLC'],
  AU: ['Pty Ltd', 'Pty. Ltd.'],
  DE: ['GmbH', 'GmbH & Co. KG', 'AG'],
  NZ: ['Limited', 'Ltd'],
  IE: ['Ltd', 'DAC'],
};

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Andrew',
  'Michelle', 'Joshua', 'Amanda', 'Kevin', 'Melissa', 'Brian', 'Stephanie', 'George', 'Rebecca', 'Edward',
  'Laura', 'Ryan', 'Hannah', 'Jacob', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava', 'Ethan', 'Sophia', 'Lucas',
  'Isabella', 'Mason', 'Mia', 'Logan', 'Charlotte', 'Aiden', 'Amelia', 'Priya', 'Raj', 'Wei', 'Mei', 'Hiroshi',
  'Yuki', 'Carlos', 'Maria', 'José', 'Sofía', 'Luis', 'Camila', 'Ahmed', 'Fatima', 'Omar', 'Aisha', 'Olumide',
  'Chiamaka', 'Kwame', 'Ama', 'Siobhan', 'Niamh', 'Ciarán', 'Aoife', 'Hamish', 'Isla', 'Angus', 'Morag',
  'Zoë', 'Chloé', 'René', 'Mary Ann', 'Anne-Marie', 'Jean-Luc', 'Kai', 'Tane', 'Aroha', 'Mateo', 'Leilani',
  'Dmitri', 'Anastasia', 'Ingrid', 'Lars', 'Freya', 'Nikolai',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson',
  'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Patel', 'Shah', 'Chen', 'Wang',
  'Kim', 'Park', 'Tanaka', 'Sato', 'Okafor', 'Mensah', 'Haddad', 'Khan', "O'Brien", "O'Neil", 'MacDonald',
  'McAllister', 'Fitzgerald', 'Murphy', 'Kelly', 'Byrne', 'Walsh', 'Evans', 'Hughes', 'Price', 'Morgan',
  'Davies', 'Jenkins', 'Fraser', 'Stewart', 'Sinclair', 'Van der Berg', 'de Vries', 'Jansen', 'Dubois',
  'Lefebvre', 'Tremblay', 'Gagnon', 'Roy', 'Bouchard', 'Ngata', 'Parata', 'Wilson-Hart', 'Smith-Jones',
  'Kowalski', 'Nowak', 'Ivanova', 'Petrov', 'Larsen', 'Johansson',
] as const;

/** German first and last names, used for accounts in Germany. */
export const GERMAN_FIRST_NAMES = [
  'Jürgen', 'Klaus', 'Stefan', 'Andreas', 'Thomas', 'Michael', 'Sabine', 'Petra', 'Ursula', 'Monika', 'Katrin',
  'Anja', 'Lukas', 'Leon', 'Jonas', 'Felix', 'Lena', 'Hannah', 'Lea', 'Marie', 'Sören', 'Björn', 'Jörg', 'Uwe',
] as const;

export const GERMAN_LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Weiß', 'Groß',
] as const;

export const JOB_TITLES = [
  'Office Manager', 'Practice Manager', 'Owner', 'Managing Partner', 'Partner', 'Associate', 'Paralegal',
  'Chief Financial Officer', 'Controller', 'Bookkeeper', 'Accounts Payable', 'IT Coordinator', 'IT Manager',
  'Operations Manager', 'Receptionist', 'Front Desk', 'Dentist', 'Dental Hygienist', 'Veterinarian',
  'Veterinary Technician', 'Nurse Practitioner', 'Physician', 'Principal', 'Teacher', 'Administrator',
  'Executive Assistant', 'HR Manager', 'Sales Manager', 'Marketing Coordinator', 'Project Manager',
  'Site Supervisor', 'Estimator', 'Warehouse Lead', 'Store Manager', 'General Manager', 'CEO', 'President',
  'Vice President', 'Director of Operations', 'Geschäftsführer', 'Buchhaltung',
] as const;

/** Titles an MSP's IT Glue admin might have typed differently for the same person. */
export const ALTERNATE_TITLES = ['Manager', 'Admin', 'Staff', 'Main Contact', 'Billing Contact', 'Primary Contact'] as const;

export const LOCATION_LABELS = [
  'Warehouse', 'Branch Office', 'Clinic', 'Satellite Office', 'Annex', 'Distribution Center', 'Storefront',
  'Training Center', 'Lab', 'Yard', 'Depot', 'Plant', 'Showroom',
] as const;

export const MAIN_LOCATION_NAMES = ['Head Office', 'Main Office', 'HQ', 'Headquarters', 'Main'] as const;

/** Descriptions that fit each BMS asset category (none for phones and tablets). */
export const ASSET_DESCRIPTIONS: Record<string, readonly string[]> = {
  Workstation: ['Reception PC', 'Front desk workstation', 'Back office PC', 'Exam room 1', 'Exam room 2', 'Accounting PC', 'Imaging workstation', 'Kiosk'],
  Laptop: ['Owner laptop', 'Spare laptop', 'Loaner laptop', 'Sales laptop'],
  Server: ['Domain controller', 'File server', 'Hyper-V host', 'Line-of-business app server'],
  'Network Device': ['Core switch', 'Guest Wi-Fi access point', 'Warehouse access point', 'Edge router'],
  Firewall: ['Edge firewall'],
  Printer: ['Shared printer', 'Front office MFP', 'Label printer'],
  'Virtual Machine': ['Domain controller', 'Print server', 'RDS host', 'SQL server'],
  UPS: ['Server rack UPS', 'Comms closet UPS'],
};

const RACK_POSITIONS = ['Server room, rack A U12', 'Server room, rack A U20', 'Server room, rack B U04', 'Comms closet'];

/** Physical location info (`locationInfo`) that fits each category: desks for PCs, racks for servers. */
export const LOCATION_INFOS: Record<string, readonly string[]> = {
  Workstation: ['2nd floor, desk 14', 'Reception', 'Front office', 'Back office', 'Exam room 3', 'Ground floor', 'Warehouse office'],
  Printer: ['Reception', 'Front office', 'Back office', 'Warehouse office', 'Copy room'],
  Server: RACK_POSITIONS,
  Firewall: RACK_POSITIONS,
  UPS: RACK_POSITIONS,
  'Network Device': [...RACK_POSITIONS, 'Ceiling mount'],
};

export const PASSWORD_NAMES = [
  'Domain Administrator', 'Microsoft 365 Global Admin', 'Firewall admin', 'Wi-Fi (staff)', 'Wi-Fi (guest)',
  'Backup console', 'Router admin', 'Line-of-business app admin', 'ISP portal', 'Domain registrar',
] as const;

export const DOCUMENT_NAMES = [
  'Onboarding Checklist', 'Network Overview', 'Backup Procedure', 'Disaster Recovery Plan', 'New Hire Setup',
  'Printer Setup Guide', 'Vendor Contacts', 'Offboarding Procedure', 'Site Access Notes', 'Patch Schedule',
] as const;

export const ORGANIZATION_ALERTS = [
  'Site visit requires escort: call ahead.',
  'Do not reboot servers during business hours.',
  'Billing dispute open: check with account manager before scheduling work.',
  'After-hours work must be approved by the owner.',
] as const;

export const QUICK_NOTES = [
  'Prefers phone over e-mail.',
  'Office closed Fridays.',
  'Parking behind the building.',
  'Key card at front desk.',
  'Onboarding in progress.',
  'Quarterly business review in March.',
] as const;

export const EMPLOYEE_NAMES = [
  'Alex Turner', 'Jordan Blake', 'Morgan Reyes', 'Casey Whitfield', 'Taylor Brooks', 'Riley Chen',
  'Jamie Okoro', 'Sam Patel', 'Avery Lindqvist', 'Quinn Harper',
] as const;
