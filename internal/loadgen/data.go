// SPDX-License-Identifier: AGPL-3.0-or-later

package loadgen

// The vocabulary of a made-up district and county council. {slot} markers
// are filled from slots, or by Generator.slot for numbers and dates.

type department struct {
	name          string
	environmental bool // requests here are often environmental information (EIR)
	topics        []topic
}

type topic struct {
	title     string
	subject   string
	questions []string
	answers   []string
}

var intros = []string{
	"Under the Freedom of Information Act 2000, please provide the following information about",
	"I would like to request the following information regarding",
	"Please could you send me information on",
	"I am researching {research} and would be grateful for information about",
	"Could the council please tell me about",
	"I am writing to request information held by the council concerning",
	"As a local resident I would like to know more about",
	"For a {research} project, please provide details of",
}

var closings = []string{
	"I would prefer to receive the information electronically, in a spreadsheet if possible.",
	"If any part of this request would exceed the cost limit, please advise how I could narrow it.",
	"Thank you for your help with this request.",
	"If the information is already published, a link to it would be sufficient.",
	"Please break the figures down by year where that is possible.",
}

var qualifiers = []string{
	"", "", "", "Please break this down by year.", "Please give figures for each of the last {years}.",
	"If possible, please include the ward for each.", "for {fy}?", "since {year}?",
	"Please include any contractor costs.", "Please provide this as a spreadsheet.",
}

var notHeld = []string{
	"The council does not hold this information. {organisation} may be able to help.",
	"This information is not held. The council does not record {record} in that way.",
	"No information is held. The service was transferred to {organisation} in {year}.",
	"The council does not hold recorded information that answers this question.",
}

var costLimit = []string{
	"To answer this question would mean reviewing around {n} case files by hand, which would exceed the appropriate limit of 18 hours (section 12). You may wish to narrow the request to a single year.",
	"The council estimates that finding this information would take more than 18 hours, so section 12 applies. Advice on narrowing the request is given below.",
}

var advice = []string{
	"This information is published on the council's website under {publication}.",
	"The council has given advice on how to obtain this information from {organisation}.",
}

var withheldNotes = map[string][]string{
	"personal": {
		"Some figures are withheld because numbers below five could identify individuals; the council relies on section 40(2) (personal data).",
		"Names of officers below head of service level have been withheld as personal data.",
	},
	"commercial": {
		"Unit rates agreed with {supplier} are withheld as commercially sensitive; disclosure would be likely to prejudice the council's commercial interests.",
		"The tender scores of unsuccessful bidders are withheld because their release would prejudice future procurement.",
	},
	"accessible": {
		"This information is reasonably accessible to you by other means: it is published under {publication}.",
	},
	"future": {
		"This information will be published in the council's {publication} next quarter, so it is withheld until then.",
	},
	"other": {
		"Details of enforcement operations are withheld because their release would be likely to prejudice the prevention or detection of crime.",
		"Some information is withheld under the exemption cited, after weighing the public interest.",
	},
}

var slots = map[string][]string{
	"research": {"a university dissertation", "a local newspaper article", "a residents' association", "a charity report",
		"a national campaign", "a podcast", "a comparison of councils", "a community group"},
	"organisation": {"the county council", "the NHS integrated care board", "the police", "the Environment Agency",
		"the highways authority", "the local clinical commissioning group", "the fire and rescue service",
		"the Land Registry", "the Valuation Office Agency", "Ofsted"},
	"record":      {"this category separately", "the reasons for each visit", "postcodes", "the age of applicants", "costs per site"},
	"publication": {"the annual statement of accounts", "the transparency data pages", "the planning portal", "the committee papers", "the pay policy statement", "the contracts register"},
	"supplier": {"Amberline Services Ltd", "Northgate Civils", "Brightwater Facilities", "Kestrel Care Group",
		"Fenwick Highways", "Harbourside Transport", "Greenleaf Grounds", "Meridian IT Solutions", "Oakmoor Waste"},
	"ward": {"Riverside", "Chadwell", "Stanford East", "Tilbury St Chads", "Grays Thurrock", "Orsett", "Aveley",
		"Ockendon", "Corringham", "Belhus", "Little Thurrock", "West Thurrock", "Stifford Clays", "Homesteads"},
	"road": {"London Road", "Dock Road", "Southend Road", "Brentwood Road", "Orsett Heath", "Hogg Lane",
		"Lodge Lane", "Stanford Road", "Daneholes Roundabout", "Arterial Road", "Manor Way", "Chadwell Hill"},
	"vehicle":   {"refuse collection vehicles", "gritters", "pool cars", "minibuses", "electric vans", "street sweepers"},
	"species":   {"Japanese knotweed", "giant hogweed", "oak processionary moth", "ash dieback", "rats", "pigeons", "wasps"},
	"school":    {"primary schools", "secondary academies", "special schools", "pupil referral units", "nursery classes"},
	"benefit":   {"council tax support", "discretionary housing payments", "the household support fund", "free school meals"},
	"building":  {"the civic offices", "the central library", "the leisure centre", "the Thameside theatre", "the museum", "community hubs"},
	"software":  {"the housing management system", "the revenues and benefits system", "the social care case system", "Microsoft 365", "the CRM", "the payroll system"},
	"animal":    {"dogs", "cats", "horses", "livestock", "exotic pets"},
	"pollutant": {"nitrogen dioxide", "PM2.5 particulates", "PM10 particulates", "noise", "odour"},
	"amount":    {"{money}", "{money}", "{n} cases", "{pct} of the total", "{n} hours"},
	"licence":   {"taxi driver", "private hire vehicle", "premises", "street trading", "scrap metal", "house in multiple occupation", "animal boarding"},
}

var departments = []department{
	{name: "Adult social care", topics: []topic{
		{"Care home placements", "adult care home placements", []string{
			"How many adults aged 65 and over were placed in residential care homes",
			"What is the average weekly fee paid for a nursing home placement",
			"How many placements were made outside the borough",
			"How many safeguarding referrals concerned care homes run by {supplier}",
		}, []string{
			"{n} adults were placed in residential care in {fy}.",
			"The average weekly fee was {money} for residential care and a higher rate for nursing care.",
			"{n} placements were made out of area, mostly because of specialist needs.",
		}},
		{"Home care waiting lists", "home care provision and waiting times", []string{
			"How many people were waiting for a package of home care at the end of each month",
			"What was the longest wait for a care assessment",
			"How many hours of home care were commissioned from {supplier}",
		}, []string{
			"At the end of March {year}, {n} people were waiting for a package of care.",
			"The longest wait for an assessment was {n} days.",
			"{n} hours a week were commissioned in {fy}.",
		}},
		{"Deprivation of liberty safeguards", "Deprivation of Liberty Safeguards (DoLS) applications", []string{
			"How many DoLS applications did the council receive",
			"How many applications were completed within the statutory 21 days",
			"How many best interests assessors are employed",
		}, []string{
			"The council received {n} applications in {fy}; {pct} were completed within 21 days.",
			"The council employs {n} qualified best interests assessors.",
		}},
	}},
	{name: "Children's services", topics: []topic{
		{"Placements", "placements for children looked after", []string{
			"Does the council give consideration to social value when commissioning {school} transport",
			"How many children looked after were placed with independent fostering agencies",
			"What is the average weekly cost of a residential children's home placement",
			"How many unaccompanied asylum-seeking children are supported",
			"What weighting is given to social value questions in invitations to tender",
		}, []string{
			"Yes. Social value is considered in every commissioning exercise for these services.",
			"{n} children were placed with independent fostering agencies at 31 March {year}.",
			"The average weekly cost was {money}.",
			"Social value questions carry a weighting of {pct} of the quality score.",
		}},
		{"Education health and care plans", "education, health and care plans (EHCPs)", []string{
			"How many EHCP needs assessments were requested",
			"How many plans were issued within the 20-week time limit",
			"How much was spent on independent special school places",
			"How many appeals were made to the SEND tribunal",
		}, []string{
			"{n} assessments were requested in {year} and {pct} of plans were issued within 20 weeks.",
			"The council spent {money} on independent special school places in {fy}.",
			"{n} appeals were registered with the tribunal.",
		}},
		{"Social worker caseloads", "children's social worker caseloads and agency staff", []string{
			"What is the average caseload of a children's social worker",
			"How many agency social workers are employed and at what daily rate",
			"What is the vacancy rate for qualified social workers",
		}, []string{
			"The average caseload was {n} children per worker.",
			"{n} agency social workers were employed; the average day rate was {money}.",
			"The vacancy rate was {pct}.",
		}},
	}},
	{name: "Highways and transport", environmental: true, topics: []topic{
		{"Pothole repairs", "pothole repairs and road maintenance", []string{
			"How many potholes were reported on {road}",
			"How many potholes were repaired within 28 days",
			"How much was paid in compensation for vehicle damage caused by potholes",
			"How many claims were rejected under the section 58 defence",
		}, []string{
			"{n} potholes were reported and {pct} were repaired within 28 days.",
			"The council paid {money} in compensation in {fy}.",
			"{n} claims were rejected because the defect had been inspected in line with the highway safety inspection policy.",
		}},
		{"Street lighting", "street lighting and LED conversion", []string{
			"How many street lights have been converted to LED",
			"How much does the council spend on energy for street lighting",
			"Which roads have part-night lighting",
		}, []string{
			"{n} lanterns have been converted to LED, saving an estimated {money} a year.",
			"Energy for street lighting cost {money} in {fy}.",
			"Part-night lighting applies on residential roads in {ward} and {ward}.",
		}},
		{"Gritting routes", "winter gritting and salt stocks", []string{
			"How many tonnes of salt did the council hold on 1 November",
			"How many {vehicle} are available for gritting",
			"Which routes are treated as priority one",
		}, []string{
			"The council held {n} tonnes of salt.",
			"{n} vehicles are available; the priority routes include {road} and {road}.",
		}},
		{"Bus subsidies", "supported bus services", []string{
			"Which bus routes does the council subsidise and at what cost",
			"How many concessionary bus passes were issued",
		}, []string{
			"The council supports {n} routes at a cost of {money}.",
			"{n} older persons' passes and {n} disabled persons' passes were issued.",
		}},
	}},
	{name: "Parking", topics: []topic{
		{"Parking fines", "parking enforcement and penalty charge notices", []string{
			"How many penalty charge notices were issued on {road}",
			"How much income did the council receive from parking fines",
			"How many PCNs were cancelled on appeal",
			"How many civil enforcement officers are employed",
		}, []string{
			"{n} penalty charge notices were issued, raising {money}.",
			"{n} notices were cancelled after a challenge or appeal.",
			"The council employs {n} civil enforcement officers.",
		}},
		{"Car park income", "council car parks", []string{
			"What was the income from each council car park",
			"How many blue badge holders used the car parks free of charge",
			"How many electric vehicle charging points are in council car parks",
		}, []string{
			"Car park income was {money} in {fy}.",
			"There are {n} charging points, installed by {supplier}.",
		}},
	}},
	{name: "Waste and recycling", environmental: true, topics: []topic{
		{"Recycling rates", "household waste recycling", []string{
			"What percentage of household waste was recycled",
			"How many tonnes of recycling were rejected as contaminated",
			"Where is the council's recycling sent for processing",
			"How many missed bin collections were reported in {ward}",
		}, []string{
			"{pct} of household waste was recycled or composted in {fy}.",
			"{n} tonnes were rejected as contaminated.",
			"Dry recycling is processed by {supplier} at a materials recovery facility.",
		}},
		{"Fly-tipping", "fly-tipping and enforcement", []string{
			"How many fly-tipping incidents were reported on {road}",
			"How many fixed penalty notices were issued for fly-tipping",
			"How much did clearing fly-tipping cost",
			"How many prosecutions for fly-tipping succeeded",
		}, []string{
			"{n} incidents were reported and cleared at a cost of {money}.",
			"{n} fixed penalty notices were issued and {n} prosecutions succeeded.",
		}},
		{"Refuse fleet", "the refuse collection fleet", []string{
			"How many {vehicle} does the council operate",
			"How old is the oldest vehicle in the fleet",
			"How much was spent on fuel for the fleet",
		}, []string{
			"The council operates {n} vehicles; the oldest was registered in {year}.",
			"Fuel cost {money} in {fy}.",
		}},
	}},
	{name: "Planning", environmental: true, topics: []topic{
		{"Planning enforcement", "planning enforcement", []string{
			"How many planning enforcement complaints were received",
			"How many enforcement notices were served",
			"How many cases concern {ward}",
		}, []string{
			"{n} complaints were received and {n} enforcement notices served.",
			"{n} open cases concern the {ward} ward.",
		}},
		{"Section 106 contributions", "section 106 agreements and the community infrastructure levy", []string{
			"How much section 106 money is held and unspent",
			"Which projects were funded from section 106 contributions",
			"How much affordable housing was secured through section 106",
		}, []string{
			"The council holds {money} in unspent contributions.",
			"Contributions funded school places, play areas in {ward} and junction works on {road}.",
		}},
		{"Tree preservation orders", "tree preservation orders", []string{
			"How many tree preservation orders are in force",
			"How many applications to fell protected trees were approved",
			"Has {species} been found on council land",
		}, []string{
			"{n} orders are in force covering about {n} trees.",
			"{species} has been recorded at {n} sites and is being treated.",
		}},
	}},
	{name: "Housing", topics: []topic{
		{"Temporary accommodation", "homelessness and temporary accommodation", []string{
			"How many households are in temporary accommodation",
			"How many households with children are in bed and breakfast accommodation",
			"How much does the council spend on temporary accommodation",
			"How many households were placed outside the borough",
		}, []string{
			"{n} households were in temporary accommodation at the end of {fy}.",
			"Spending on temporary accommodation was {money}.",
			"{n} households with children were in bed and breakfast for more than six weeks.",
		}},
		{"Damp and mould", "damp and mould in council homes", []string{
			"How many reports of damp and mould were received",
			"How long on average did repairs take",
			"How much was paid in disrepair claims",
		}, []string{
			"{n} reports were received; the average repair took {n} days.",
			"The council paid {money} in settlement of disrepair claims.",
		}},
		{"Housing waiting list", "the housing register", []string{
			"How many households are on the housing register in each band",
			"How many social homes were let",
			"What is the average wait for a three-bedroom home",
		}, []string{
			"{n} households are on the register; {n} homes were let in {fy}.",
			"The average wait for a three-bedroom home is {n} days.",
		}},
	}},
	{name: "Council tax and business rates", topics: []topic{
		{"Council tax arrears", "council tax collection and arrears", []string{
			"How much council tax was in arrears at 31 March",
			"How many liability orders were obtained",
			"How many cases were passed to enforcement agents",
			"How many households receive {benefit}",
		}, []string{
			"Arrears stood at {money}; {n} liability orders were obtained.",
			"{n} cases were passed to enforcement agents.",
			"{n} households received {benefit} in {fy}.",
		}},
		{"Business rates relief", "business rates and reliefs", []string{
			"Please provide a list of properties receiving small business rate relief",
			"Which properties became liable for empty property rates",
			"How much business rates income was collected",
		}, []string{
			"The list of properties is attached; names of sole traders are withheld.",
			"Business rates collected in {fy} were {money}.",
		}},
	}},
	{name: "Environmental health", environmental: true, topics: []topic{
		{"Air quality", "air quality monitoring", []string{
			"What were the annual mean {pollutant} readings at each monitoring site",
			"Which air quality management areas have been declared",
			"How many diffusion tubes are located on {road}",
		}, []string{
			"The highest annual mean for {pollutant} was recorded on {road}.",
			"Two air quality management areas are in force, on {road} and {road}.",
		}},
		{"Noise complaints", "noise nuisance complaints", []string{
			"How many noise complaints were received about {ward}",
			"How many noise abatement notices were served",
			"How many complaints concerned barking {animal}",
		}, []string{
			"{n} noise complaints were received and {n} abatement notices served.",
		}},
		{"Food hygiene", "food hygiene inspections", []string{
			"How many food premises have a hygiene rating of zero or one",
			"How many inspections were overdue",
			"How many improvement notices were served",
		}, []string{
			"{n} premises are rated 0 or 1; {n} inspections were overdue at year end.",
		}},
		{"Pest control", "pest control", []string{
			"How many treatments for {species} did the council carry out",
			"What does the council charge for a wasp nest treatment",
		}, []string{
			"The council carried out {n} treatments; the charge is {money}.",
		}},
	}},
	{name: "Education", topics: []topic{
		{"School admissions", "school admissions and appeals", []string{
			"How many applicants received their first preference of {school}",
			"How many admission appeals were heard and upheld",
			"How many children are electively home educated",
		}, []string{
			"{pct} of applicants received their first preference.",
			"{n} appeals were heard and {n} upheld.",
			"{n} children were known to be electively home educated.",
		}},
		{"School transport", "home to school transport", []string{
			"How much was spent on home to school transport",
			"How many taxis are used to take pupils to {school}",
			"Which contracts are held by {supplier}",
		}, []string{
			"Home to school transport cost {money} in {fy}.",
			"{n} taxi routes serve {school}.",
		}},
	}},
	{name: "Libraries and leisure", topics: []topic{
		{"Library opening hours", "libraries", []string{
			"What are the opening hours of each library",
			"How many visits did {building} receive",
			"How many volunteers work in libraries",
		}, []string{
			"{building} received {n} visits in {fy}.",
			"{n} volunteers give about {n} hours a month.",
		}},
		{"Leisure centre contract", "the leisure centre contract", []string{
			"What management fee does the council pay to {supplier}",
			"When does the leisure contract end",
			"How much was spent repairing the swimming pool at {building}",
		}, []string{
			"The management fee is {money} a year; the contract ends in {year}.",
		}},
	}},
	{name: "Finance and procurement", topics: []topic{
		{"Consultancy spend", "spending on consultants", []string{
			"How much did the council spend on management consultants",
			"Which contracts over {money} were awarded without competition",
			"What is the value of contracts with {supplier}",
		}, []string{
			"Spending on consultants was {money} in {fy}.",
			"Contracts with {supplier} are worth {money}; details are on the contracts register.",
		}},
		{"Investments and borrowing", "the council's investments and borrowing", []string{
			"How much has the council borrowed from the Public Works Loan Board",
			"What commercial property investments does the council hold",
			"What losses have been made on solar farm investments",
		}, []string{
			"Borrowing from the PWLB stood at {money}.",
			"The council holds {n} commercial properties valued at {money}.",
		}},
		{"Credit card spending", "purchase card spending", []string{
			"Please provide a list of all purchase card transactions",
			"How much was spent on hospitality",
		}, []string{
			"Purchase card transactions are published monthly under {publication}.",
			"Hospitality spending was {money}.",
		}},
	}},
	{name: "Human resources", topics: []topic{
		{"Staff sickness", "staff sickness absence", []string{
			"What was the average number of days lost to sickness per employee",
			"How many days were lost to stress, depression and anxiety",
			"How many staff earn more than {money}",
		}, []string{
			"The average was {n} days per employee.",
			"{n} employees earn more than the threshold; details are in the pay policy statement.",
		}},
		{"Agency staff", "agency and interim staff", []string{
			"How much was spent on agency staff",
			"How many interim managers were engaged",
			"Which agencies supplied staff to the council",
		}, []string{
			"Agency spend was {money} in {fy}.",
			"{n} interim managers were engaged through {supplier}.",
		}},
	}},
	{name: "IT and digital", topics: []topic{
		{"Cyber security", "cyber security incidents", []string{
			"How many cyber attacks were detected",
			"Has the council paid a ransom",
			"What software is used for {software}",
		}, []string{
			"The council uses {software}, supplied by {supplier}.",
			"The council has not paid a ransom.",
		}},
		{"IT contracts", "IT contracts and licences", []string{
			"Who supplies {software} and when does the contract expire",
			"How much does the council spend on Microsoft licences",
		}, []string{
			"{software} is supplied by {supplier}; the contract expires in {year}.",
			"Licence costs were {money}.",
		}},
	}},
	{name: "Licensing", topics: []topic{
		{"Taxi licensing", "{licence} licensing", []string{
			"How many {licence} licences are in force",
			"How many licences were revoked or suspended",
			"How many complaints about drivers were received",
		}, []string{
			"{n} licences are in force; {n} were revoked in {fy}.",
		}},
		{"Premises licences", "premises licences", []string{
			"How many premises licences were reviewed",
			"Which premises in {ward} have late-night licences",
		}, []string{
			"{n} licence reviews were held.",
		}},
	}},
	{name: "Public health", topics: []topic{
		{"Drug and alcohol services", "drug and alcohol treatment services", []string{
			"How much is spent on drug and alcohol treatment",
			"How many people were in treatment",
			"Who provides the service and when does the contract end",
		}, []string{
			"The service is provided by {supplier}; the contract ends in {year}.",
			"{n} adults were in treatment at the end of {fy}.",
		}},
		{"Health visiting", "health visiting and school nursing", []string{
			"How many new birth visits were completed within 14 days",
			"How many school nurses are employed",
		}, []string{
			"{pct} of new birth visits were completed within 14 days.",
		}},
	}},
	{name: "Legal and governance", topics: []topic{
		{"Councillor allowances", "councillors' allowances and expenses", []string{
			"What allowances were paid to each councillor",
			"How many code of conduct complaints were received",
		}, []string{
			"Allowances are published under {publication}.",
			"{n} complaints were received and {n} investigated.",
		}},
		{"Legal costs", "legal costs", []string{
			"How much has the council spent on external legal advice",
			"How many settlement agreements included confidentiality clauses",
		}, []string{
			"External legal advice cost {money} in {fy}.",
			"{n} settlement agreements were made.",
		}},
	}},
	{name: "Parks and open spaces", environmental: true, topics: []topic{
		{"Grounds maintenance", "grounds maintenance", []string{
			"How much glyphosate was used on council land",
			"How often are verges cut on {road}",
			"What is the value of the grounds maintenance contract with {supplier}",
		}, []string{
			"{n} litres of glyphosate were used in {year}.",
			"Verges are cut {n} times a year.",
		}},
		{"Play areas", "children's play areas", []string{
			"How many play areas were closed for safety reasons",
			"How much was spent on new play equipment in {ward}",
		}, []string{
			"{n} play areas were closed for repairs; {money} was spent on new equipment.",
		}},
	}},
	{name: "Trading standards", topics: []topic{
		{"Illegal vapes", "illegal vapes and tobacco", []string{
			"How many illegal vapes were seized",
			"How many test purchases of age-restricted products were made",
			"How many premises sold to underage volunteers",
		}, []string{
			"{n} illegal vapes were seized in {fy}.",
			"{n} test purchases were made; {n} premises sold to underage volunteers.",
		}},
	}},
	{name: "Emergency planning", topics: []topic{
		{"Flooding", "flood risk and emergency planning", []string{
			"How many properties flooded in {year}",
			"How many sandbags does the council hold",
			"What is the council's plan for a tidal surge on the Thames",
		}, []string{
			"{n} properties were reported flooded.",
			"The council holds {n} sandbags at the depot.",
		}},
	}},
}
