/**
 * Bundled reference data of Mexican places (see docs/seed-reference-data.md for the sources):
 * the 32 federal entities with their INEGI codes, and the main cities with their IANA time zone,
 * LADA, coordinates, population (INEGI Censo 2020, municipality, thousands), SEPOMEX postal-code
 * ranges and colonias (name, postal code, approximate centre). Plain data; geo.ts is the API.
 */

/** [INEGI code, name, abbreviation, CURP entity code, SEPOMEX first two digits lo, hi, population 2020 (thousands)] */
export type StateRow = readonly [string, string, string, string, number, number, number];
export const STATE_ROWS: readonly StateRow[] = [
  ['01', 'Aguascalientes', 'AGS', 'AS', 20, 20, 1426],
  ['02', 'Baja California', 'BC', 'BC', 21, 22, 3769],
  ['03', 'Baja California Sur', 'BCS', 'BS', 23, 23, 798],
  ['04', 'Campeche', 'CAMP', 'CC', 24, 24, 928],
  ['05', 'Coahuila', 'COAH', 'CL', 25, 27, 3147],
  ['06', 'Colima', 'COL', 'CM', 28, 28, 731],
  ['07', 'Chiapas', 'CHIS', 'CS', 29, 30, 5544],
  ['08', 'Chihuahua', 'CHIH', 'CH', 31, 33, 3742],
  ['09', 'Ciudad de México', 'CDMX', 'DF', 1, 16, 9209],
  ['10', 'Durango', 'DGO', 'DG', 34, 35, 1833],
  ['11', 'Guanajuato', 'GTO', 'GT', 36, 38, 6167],
  ['12', 'Guerrero', 'GRO', 'GR', 39, 41, 3541],
  ['13', 'Hidalgo', 'HGO', 'HG', 42, 43, 3083],
  ['14', 'Jalisco', 'JAL', 'JC', 44, 49, 8348],
  ['15', 'Estado de México', 'MEX', 'MC', 50, 57, 16992],
  ['16', 'Michoacán', 'MICH', 'MN', 58, 61, 4748],
  ['17', 'Morelos', 'MOR', 'MS', 62, 62, 1971],
  ['18', 'Nayarit', 'NAY', 'NT', 63, 63, 1235],
  ['19', 'Nuevo León', 'NL', 'NL', 64, 67, 5784],
  ['20', 'Oaxaca', 'OAX', 'OC', 68, 71, 4132],
  ['21', 'Puebla', 'PUE', 'PL', 72, 75, 6583],
  ['22', 'Querétaro', 'QRO', 'QT', 76, 76, 2368],
  ['23', 'Quintana Roo', 'QROO', 'QR', 77, 77, 1858],
  ['24', 'San Luis Potosí', 'SLP', 'SP', 78, 79, 2822],
  ['25', 'Sinaloa', 'SIN', 'SL', 80, 82, 3027],
  ['26', 'Sonora', 'SON', 'SR', 83, 85, 2944],
  ['27', 'Tabasco', 'TAB', 'TC', 86, 86, 2402],
  ['28', 'Tamaulipas', 'TAMPS', 'TS', 87, 89, 3527],
  ['29', 'Tlaxcala', 'TLAX', 'TL', 90, 90, 1343],
  ['30', 'Veracruz', 'VER', 'VZ', 91, 96, 8062],
  ['31', 'Yucatán', 'YUC', 'YN', 97, 97, 2320],
  ['32', 'Zacatecas', 'ZAC', 'ZS', 98, 99, 1622],
];

/** [name, postal code, lat, lng] */
export type ColoniaRow = readonly [string, string, number, number];
/**
 * [name, state INEGI code, IANA zone, LADA, lat, lng, population (thousands), postal codes lo, hi,
 *  metro area, colonias]
 */
export type CityRow = readonly [string, string, string, string, number, number, number, number, number, string, readonly ColoniaRow[]];

const MX = 'America/Mexico_City';
export const CITY_ROWS: readonly CityRow[] = [
  ['Ciudad de México', '09', MX, '55', 19.4326, -99.1332, 9209, 1000, 16999, 'Valle de México', [
    ['Centro', '06000', 19.4326, -99.1332], ['Roma Norte', '06700', 19.4195, -99.1617], ['Roma Sur', '06760', 19.4068, -99.1618],
    ['Condesa', '06140', 19.4118, -99.1736], ['Hipódromo', '06100', 19.412, -99.169], ['Juárez', '06600', 19.427, -99.159],
    ['Cuauhtémoc', '06500', 19.429, -99.16], ['Doctores', '06720', 19.419, -99.147], ['Obrera', '06800', 19.413, -99.143],
    ['Santa María la Ribera', '06400', 19.45, -99.159], ['Guerrero', '06300', 19.443, -99.145], ['Nonoalco Tlatelolco', '06900', 19.451, -99.137],
    ['Polanco V Sección', '11560', 19.432, -99.195], ['Anzures', '11590', 19.429, -99.179], ['Escandón I Sección', '11800', 19.403, -99.178],
    ['Tacubaya', '11870', 19.401, -99.188], ['Lomas de Chapultepec', '11000', 19.424, -99.212], ['Del Valle Centro', '03100', 19.385, -99.165],
    ['Narvarte Poniente', '03020', 19.396, -99.156], ['Nápoles', '03810', 19.393, -99.175], ['Portales Norte', '03300', 19.369, -99.145],
    ['Mixcoac', '03910', 19.376, -99.188], ['Villa Coyoacán', '04000', 19.35, -99.162], ['El Carmen', '04100', 19.352, -99.16],
    ['Copilco Universidad', '04360', 19.336, -99.18], ['Pedregal de Santo Domingo', '04369', 19.329, -99.165], ['San Ángel', '01000', 19.346, -99.19],
    ['Santa Fe Cuajimalpa', '05348', 19.36, -99.26], ['San Jerónimo Lídice', '10200', 19.328, -99.222], ['Tlalpan Centro', '14000', 19.29, -99.17],
    ['Lindavista Norte', '07300', 19.488, -99.13], ['Guadalupe Tepeyac', '07840', 19.472, -99.119], ['Industrial Vallejo', '02300', 19.489, -99.164],
    ['Azcapotzalco Centro', '02000', 19.484, -99.184], ['Morelos', '15270', 19.445, -99.125], ['Moctezuma 2a Sección', '15530', 19.432, -99.098],
    ['Granjas México', '08400', 19.398, -99.098], ['Agrícola Oriental', '08500', 19.398, -99.07], ['Santa Cruz Meyehualco', '09290', 19.362, -99.047],
    ['Xochimilco Centro', '16000', 19.262, -99.106], ['San Miguel Chapultepec', '11850', 19.413, -99.185], ['Tepeyac Insurgentes', '07020', 19.485, -99.118],
    ['San Juan de Aragón', '07950', 19.463, -99.082], ['Clavería', '02080', 19.465, -99.18], ['Iztapalapa Centro', '09000', 19.357, -99.093],
    ['Iztacalco Centro', '08000', 19.396, -99.097], ['Jardín Balbuena', '15900', 19.417, -99.114],
  ]],
  ['Ecatepec', '15', MX, '55', 19.6018, -99.0507, 1645, 55000, 55549, 'Valle de México', [
    ['San Cristóbal Centro', '55000', 19.6018, -99.0507], ['Jardines de Morelos', '55070', 19.622, -99.018], ['Ciudad Azteca', '55120', 19.535, -99.027], ['Las Américas', '55076', 19.61, -99.03], ['Valle de Aragón 3a Sección', '55280', 19.518, -99.06],
  ]],
  ['Nezahualcóyotl', '15', MX, '55', 19.4006, -99.0148, 1077, 57000, 57950, 'Valle de México', [
    ['Benito Juárez', '57000', 19.4006, -99.0148], ['Evolución', '57700', 19.389, -99.04], ['Impulsora Popular Avícola', '57130', 19.426, -99.03], ['Metropolitana 1a Sección', '57730', 19.41, -99.0], ['Agua Azul', '57500', 19.393, -99.02],
  ]],
  ['Naucalpan', '15', MX, '55', 19.4785, -99.2396, 834, 53000, 53820, 'Valle de México', [
    ['Naucalpan Centro', '53000', 19.4785, -99.2396], ['Ciudad Satélite', '53100', 19.51, -99.235], ['Lomas Verdes', '53120', 19.512, -99.26], ['Echegaray', '53300', 19.493, -99.225],
  ]],
  ['Tlalnepantla', '15', MX, '55', 19.54, -99.195, 672, 54000, 54199, 'Valle de México', [
    ['Tlalnepantla Centro', '54000', 19.54, -99.195], ['Valle Dorado', '54020', 19.555, -99.21], ['Industrial Tlalnepantla', '54030', 19.535, -99.185],
  ]],
  ['Toluca', '15', MX, '722', 19.2826, -99.6557, 910, 50000, 50299, 'Toluca', [
    ['Centro', '50000', 19.2826, -99.6557], ['Universidad', '50130', 19.275, -99.66], ['Científicos', '50075', 19.29, -99.645], ['San Buenaventura', '50110', 19.26, -99.675],
  ]],
  ['Guadalajara', '14', MX, '33', 20.6767, -103.3475, 1385, 44100, 44990, 'Guadalajara', [
    ['Centro', '44100', 20.6767, -103.3475], ['Americana', '44160', 20.673, -103.369], ['Lafayette', '44150', 20.675, -103.378],
    ['Providencia', '44630', 20.695, -103.388], ['Chapalita', '44500', 20.665, -103.398], ['Jardines del Bosque', '44520', 20.659, -103.387],
    ['Santa Teresita', '44600', 20.684, -103.366], ['Oblatos', '44700', 20.69, -103.31], ['Analco', '44450', 20.667, -103.34],
    ['Moderna', '44190', 20.662, -103.357], ['Arcos Vallarta', '44130', 20.679, -103.385], ['Colinas de la Normal', '44270', 20.701, -103.351],
  ]],
  ['Zapopan', '14', MX, '33', 20.7214, -103.3918, 1476, 45010, 45238, 'Guadalajara', [
    ['Zapopan Centro', '45100', 20.7214, -103.3918], ['Ciudad Granja', '45010', 20.678, -103.435], ['Las Águilas', '45080', 20.645, -103.415],
    ['Ciudad del Sol', '45050', 20.653, -103.403], ['Puerta de Hierro', '45116', 20.705, -103.417], ['Jardines Universidad', '45110', 20.688, -103.421],
  ]],
  ['Tlaquepaque', '14', MX, '33', 20.6409, -103.2933, 687, 45500, 45640, 'Guadalajara', [
    ['Tlaquepaque Centro', '45500', 20.6409, -103.2933], ['Las Juntas', '45590', 20.613, -103.33], ['Miravalle', '45580', 20.617, -103.35],
  ]],
  ['Puerto Vallarta', '14', MX, '322', 20.6534, -105.2253, 291, 48280, 48399, 'Puerto Vallarta', [
    ['Centro', '48300', 20.6096, -105.2349], ['Zona Hotelera Norte', '48333', 20.64, -105.237], ['Marina Vallarta', '48335', 20.666, -105.254], ['Emiliano Zapata', '48380', 20.602, -105.236],
  ]],
  ['Monterrey', '19', 'America/Monterrey', '81', 25.6866, -100.3161, 1142, 64000, 64990, 'Monterrey', [
    ['Centro', '64000', 25.6714, -100.309], ['Obispado', '64060', 25.676, -100.344], ['Mitras Centro', '64460', 25.69, -100.347],
    ['Cumbres 1er Sector', '64610', 25.717, -100.369], ['Contry', '64860', 25.629, -100.278], ['Tecnológico', '64700', 25.65, -100.289],
    ['Vista Hermosa', '64620', 25.69, -100.365], ['Del Norte', '64500', 25.701, -100.313], ['Independencia', '64720', 25.66, -100.312], ['Satélite', '64960', 25.618, -100.273],
  ]],
  ['San Pedro Garza García', '19', 'America/Monterrey', '81', 25.6573, -100.4027, 132, 66200, 66290, 'Monterrey', [
    ['Casco Urbano', '66230', 25.658, -100.402], ['Del Valle', '66220', 25.653, -100.358], ['Valle Oriente', '66269', 25.643, -100.337],
  ]],
  ['Guadalupe', '19', 'America/Monterrey', '81', 25.6775, -100.2597, 643, 67100, 67299, 'Monterrey', [
    ['Centro', '67100', 25.6775, -100.2597], ['Linda Vista', '67130', 25.685, -100.258], ['Contry La Silla', '67173', 25.633, -100.239],
  ]],
  ['San Nicolás de los Garza', '19', 'America/Monterrey', '81', 25.7417, -100.302, 412, 66400, 66499, 'Monterrey', [
    ['Centro', '66400', 25.744, -100.302], ['Anáhuac', '66450', 25.73, -100.309],
  ]],
  ['Apodaca', '19', 'America/Monterrey', '81', 25.781, -100.1886, 656, 66600, 66649, 'Monterrey', [['Centro', '66600', 25.781, -100.1886]]],
  ['Puebla', '21', MX, '222', 19.0414, -98.2063, 1692, 72000, 72599, 'Puebla', [
    ['Centro', '72000', 19.0414, -98.2063], ['La Paz', '72160', 19.05, -98.225], ['Anzures', '72530', 19.035, -98.215], ['Huexotitla', '72534', 19.04, -98.22], ['San Manuel', '72570', 19.003, -98.195],
  ]],
  ['Tehuacán', '21', MX, '238', 18.4614, -97.3928, 327, 75700, 75859, 'Tehuacán', [['Centro', '75700', 18.4614, -97.3928]]],
  ['León', '11', MX, '477', 21.125, -101.686, 1721, 37000, 37699, 'León', [
    ['Centro', '37000', 21.125, -101.686], ['Jardines del Moral', '37160', 21.15, -101.69], ['León Moderno', '37480', 21.115, -101.675], ['Valle del Campestre', '37150', 21.155, -101.7],
  ]],
  ['Irapuato', '11', MX, '462', 20.6767, -101.3563, 592, 36500, 36825, 'Irapuato', [['Centro', '36500', 20.6767, -101.3563]]],
  ['Celaya', '11', MX, '461', 20.5222, -100.8122, 521, 38000, 38199, 'Celaya', [['Centro', '38000', 20.5222, -100.8122]]],
  ['Guanajuato', '11', MX, '473', 21.019, -101.2574, 194, 36000, 36275, 'Guanajuato', [['Centro', '36000', 21.019, -101.2574]]],
  ['Veracruz', '30', MX, '229', 19.1738, -96.1342, 607, 91700, 91999, 'Veracruz', [
    ['Centro', '91700', 19.1738, -96.1342], ['Reforma', '91919', 19.165, -96.125]
  ]],
  ['Xalapa', '30', MX, '228', 19.5438, -96.9102, 488, 91000, 91199, 'Xalapa', [['Centro', '91000', 19.5438, -96.9102], ['Animas', '91190', 19.525, -96.89]]],
  ['Coatzacoalcos', '30', MX, '921', 18.1345, -94.459, 310, 96400, 96599, 'Coatzacoalcos', [['Centro', '96400', 18.1345, -94.459]]],
  ['Tijuana', '02', 'America/Tijuana', '664', 32.5149, -117.0382, 1922, 22000, 22709, 'Tijuana', [
    ['Zona Centro', '22000', 32.533, -117.037], ['Zona Urbana Río Tijuana', '22010', 32.524, -117.021], ['Hipódromo', '22020', 32.506, -117.013],
    ['Otay Constituyentes', '22457', 32.535, -116.958], ['Playas de Tijuana', '22500', 32.526, -117.117],
  ]],
  ['Mexicali', '02', 'America/Tijuana', '686', 32.6245, -115.4523, 1049, 21000, 21600, 'Mexicali', [['Primera Sección', '21100', 32.6625, -115.4785], ['Nueva', '21100', 32.66, -115.49]]],
  ['Ensenada', '02', 'America/Tijuana', '646', 31.8667, -116.5964, 443, 22800, 22897, 'Ensenada', [['Zona Centro', '22800', 31.8667, -116.6213]]],
  ['Ciudad Juárez', '08', 'America/Ciudad_Juarez', '656', 31.6904, -106.4245, 1512, 32000, 32730, 'Ciudad Juárez', [['Centro', '32000', 31.7389, -106.4866], ['Pronaf', '32310', 31.7407, -106.4452]]],
  ['Chihuahua', '08', 'America/Chihuahua', '614', 28.6353, -106.0889, 937, 31000, 31459, 'Chihuahua', [['Centro', '31000', 28.6353, -106.0889], ['San Felipe', '31203', 28.65, -106.1]]],
  ['Hermosillo', '26', 'America/Hermosillo', '662', 29.0729, -110.9559, 936, 83000, 83299, 'Hermosillo', [['Centro', '83000', 29.0729, -110.9559], ['Pitic', '83150', 29.09, -110.96]]],
  ['Ciudad Obregón', '26', 'America/Hermosillo', '644', 27.4828, -109.9304, 436, 85000, 85210, 'Ciudad Obregón', [['Centro', '85000', 27.4828, -109.9304]]],
  ['Nogales', '26', 'America/Hermosillo', '631', 31.3086, -110.9422, 264, 84000, 84099, 'Nogales', [['Centro', '84000', 31.3086, -110.9422]]],
  ['Saltillo', '05', 'America/Monterrey', '844', 25.4232, -100.9924, 879, 25000, 25299, 'Saltillo', [['Zona Centro', '25000', 25.4232, -100.9924], ['República', '25280', 25.44, -100.96]]],
  ['Torreón', '05', 'America/Monterrey', '871', 25.5428, -103.4068, 720, 27000, 27299, 'La Laguna', [['Centro', '27000', 25.5428, -103.4068]]],
  ['Reynosa', '28', 'America/Matamoros', '899', 26.0806, -98.2883, 704, 88500, 88799, 'Reynosa', [['Centro', '88500', 26.0806, -98.2883]]],
  ['Matamoros', '28', 'America/Matamoros', '868', 25.869, -97.5027, 541, 87300, 87499, 'Matamoros', [['Centro', '87300', 25.869, -97.5027]]],
  ['Nuevo Laredo', '28', 'America/Matamoros', '867', 27.4763, -99.5164, 425, 88000, 88299, 'Nuevo Laredo', [['Centro', '88000', 27.4993, -99.507]]],
  ['Tampico', '28', 'America/Monterrey', '833', 22.2331, -97.8611, 297, 89000, 89369, 'Tampico', [['Zona Centro', '89000', 22.2167, -97.8573]]],
  ['Ciudad Victoria', '28', 'America/Monterrey', '834', 23.7369, -99.1411, 349, 87000, 87149, 'Ciudad Victoria', [['Zona Centro', '87000', 23.7369, -99.1411]]],
  ['Culiacán', '25', 'America/Mazatlan', '667', 24.8091, -107.394, 1003, 80000, 80399, 'Culiacán', [['Centro', '80000', 24.8091, -107.394], ['Las Quintas', '80060', 24.79, -107.4]]],
  ['Mazatlán', '25', 'America/Mazatlan', '669', 23.2494, -106.4111, 501, 82000, 82199, 'Mazatlán', [['Centro', '82000', 23.2, -106.42], ['Zona Dorada', '82110', 23.24, -106.44]]],
  ['Los Mochis', '25', 'America/Mazatlan', '668', 25.7904, -108.9859, 459, 81200, 81299, 'Los Mochis', [['Centro', '81200', 25.7904, -108.9859]]],
  ['La Paz', '03', 'America/Mazatlan', '612', 24.1426, -110.3128, 292, 23000, 23099, 'La Paz', [['Centro', '23000', 24.1426, -110.3128]]],
  ['Los Cabos', '03', 'America/Mazatlan', '624', 22.8905, -109.9167, 351, 23400, 23479, 'Los Cabos', [['San José del Cabo Centro', '23400', 23.0592, -109.6975], ['Cabo San Lucas Centro', '23450', 22.8905, -109.9167]]],
  ['Tepic', '18', 'America/Mazatlan', '311', 21.5042, -104.8946, 425, 63000, 63199, 'Tepic', [['Centro', '63000', 21.5042, -104.8946]]],
  ['Mérida', '31', 'America/Merida', '999', 20.9674, -89.5926, 995, 97000, 97315, 'Mérida', [
    ['Centro', '97000', 20.9674, -89.6237], ['García Ginerés', '97070', 20.982, -89.64], ['Itzimná', '97100', 20.995, -89.608], ['Altabrisa', '97130', 21.02, -89.585], ['Francisco de Montejo', '97203', 21.03, -89.66],
  ]],
  ['Campeche', '04', 'America/Merida', '981', 19.8301, -90.5349, 294, 24000, 24099, 'Campeche', [['Centro', '24000', 19.8454, -90.5372]]],
  ['Ciudad del Carmen', '04', 'America/Merida', '938', 18.6456, -91.8261, 248, 24100, 24199, 'Ciudad del Carmen', [['Centro', '24100', 18.6456, -91.8261]]],
  ['Cancún', '23', 'America/Cancun', '998', 21.1619, -86.8515, 911, 77500, 77539, 'Cancún', [['Supermanzana 3 Centro', '77500', 21.1619, -86.8275], ['Zona Hotelera', '77500', 21.135, -86.745], ['Supermanzana 15', '77505', 21.155, -86.83]]],
  ['Playa del Carmen', '23', 'America/Cancun', '984', 20.6296, -87.0739, 333, 77710, 77728, 'Playa del Carmen', [['Centro', '77710', 20.6296, -87.0739]]],
  ['Chetumal', '23', 'America/Cancun', '983', 18.5001, -88.2961, 233, 77000, 77099, 'Chetumal', [['Centro', '77000', 18.5001, -88.2961]]],
  ['Querétaro', '22', MX, '442', 20.5888, -100.3899, 1049, 76000, 76249, 'Querétaro', [
    ['Centro', '76000', 20.5931, -100.392], ['Carretas', '76050', 20.6, -100.375], ['Jurica', '76100', 20.65, -100.43], ['Álamos 2a Sección', '76160', 20.61, -100.38], ['Juriquilla', '76230', 20.71, -100.45],
  ]],
  ['San Luis Potosí', '24', MX, '444', 22.1565, -100.9855, 911, 78000, 78399, 'San Luis Potosí', [['Centro', '78000', 22.1515, -100.976], ['Tequisquiapan', '78250', 22.155, -100.99]]],
  ['Aguascalientes', '01', MX, '449', 21.8853, -102.2916, 948, 20000, 20399, 'Aguascalientes', [['Zona Centro', '20000', 21.8818, -102.296], ['Jardines de la Asunción', '20270', 21.865, -102.29]]],
  ['Morelia', '16', MX, '443', 19.706, -101.195, 849, 58000, 58349, 'Morelia', [['Centro', '58000', 19.7027, -101.1923], ['Chapultepec Norte', '58260', 19.695, -101.17]]],
  ['Uruapan', '16', MX, '452', 19.4117, -102.0573, 356, 60000, 60199, 'Uruapan', [['Centro', '60000', 19.4117, -102.0573]]],
  ['Oaxaca de Juárez', '20', MX, '951', 17.0732, -96.7266, 270, 68000, 68149, 'Oaxaca', [['Centro', '68000', 17.0618, -96.7253], ['Reforma', '68050', 17.075, -96.715]]],
  ['Acapulco', '12', MX, '744', 16.8531, -99.8237, 779, 39300, 39907, 'Acapulco', [['Centro', '39300', 16.8531, -99.9037], ['Costa Azul', '39850', 16.855, -99.87]]],
  ['Chilpancingo', '12', MX, '747', 17.5515, -99.5006, 283, 39000, 39109, 'Chilpancingo', [['Centro', '39000', 17.5515, -99.5006]]],
  ['Tuxtla Gutiérrez', '07', MX, '961', 16.7516, -93.1029, 604, 29000, 29099, 'Tuxtla Gutiérrez', [['Centro', '29000', 16.7516, -93.1161]]],
  ['Tapachula', '07', MX, '962', 14.9058, -92.2635, 353, 30700, 30830, 'Tapachula', [['Centro', '30700', 14.9058, -92.2635]]],
  ['Villahermosa', '27', MX, '993', 17.9892, -92.9475, 683, 86000, 86299, 'Villahermosa', [['Centro', '86000', 17.9892, -92.9275], ['Tabasco 2000', '86035', 18.0, -92.95]]],
  ['Pachuca', '13', MX, '771', 20.1011, -98.7591, 314, 42000, 42099, 'Pachuca', [['Centro', '42000', 20.1268, -98.7336]]],
  ['Cuernavaca', '17', MX, '777', 18.9242, -99.2216, 378, 62000, 62599, 'Cuernavaca', [['Centro', '62000', 18.9242, -99.2346], ['Vista Hermosa', '62290', 18.91, -99.23]]],
  ['Tlaxcala', '29', MX, '246', 19.3139, -98.2404, 99, 90000, 90119, 'Tlaxcala', [['Centro', '90000', 19.3139, -98.2404]]],
  ['Zacatecas', '32', MX, '492', 22.7709, -102.5833, 149, 98000, 98099, 'Zacatecas', [['Centro', '98000', 22.7709, -102.5733]]],
  ['Durango', '10', 'America/Monterrey', '618', 24.0277, -104.6532, 688, 34000, 34309, 'Durango', [['Zona Centro', '34000', 24.0277, -104.6532]]],
  ['Colima', '06', MX, '312', 19.2433, -103.725, 157, 28000, 28099, 'Colima', [['Centro', '28000', 19.2433, -103.725]]],
  ['Manzanillo', '06', MX, '314', 19.1138, -104.3385, 191, 28200, 28879, 'Manzanillo', [['Centro', '28200', 19.0522, -104.3158], ['Santiago', '28860', 19.11, -104.37]]],
];

/**
 * Quenty's own pickup operation covers one metro area (Valle de México) in operating zones:
 * [name, depot latitude, longitude, municipalities whose colonias the zone serves]. Each colonia
 * of those municipalities belongs to the nearest depot among the zones that list its
 * municipality (geo.ts PICKUP_ZONES).
 */
export type ZoneRow = readonly [string, number, number, readonly string[]];
export const PICKUP_METRO = 'Valle de México';
export const PICKUP_ZONE_ROWS: readonly ZoneRow[] = [
  ['Centro', 19.4326, -99.1332, ['Ciudad de México']],
  ['Poniente', 19.412, -99.205, ['Ciudad de México']],
  ['Sur', 19.345, -99.175, ['Ciudad de México']],
  ['Norte', 19.482, -99.14, ['Ciudad de México']],
  ['Oriente', 19.385, -99.08, ['Ciudad de México']],
  ['Naucalpan', 19.5, -99.225, ['Naucalpan', 'Tlalnepantla']],
  ['Ecatepec', 19.585, -99.04, ['Ecatepec']],
  ['Nezahualcóyotl', 19.404, -99.02, ['Nezahualcóyotl']],
];

/** Common Mexican street names (patriots, dates, places) behind a street type in addresses. */
export const STREET_NAMES = [
  'Hidalgo', 'Morelos', 'Juárez', 'Allende', 'Zaragoza', 'Guerrero', 'Aldama', 'Matamoros', 'Madero', 'Independencia', 'Reforma', 'Insurgentes',
  '5 de Mayo', '16 de Septiembre', '20 de Noviembre', 'Benito Juárez', 'Miguel Hidalgo', 'Vicente Guerrero', 'Emiliano Zapata', 'Francisco Villa',
  'Lázaro Cárdenas', 'Venustiano Carranza', 'Álvaro Obregón', 'Constitución', 'Revolución', 'Libertad', 'Nicolás Bravo', 'Galeana', 'Abasolo',
  'Josefa Ortiz de Domínguez', 'Leona Vicario', 'Sor Juana Inés de la Cruz', 'Niños Héroes', 'Cuauhtémoc', 'Netzahualcóyotl', 'Pino Suárez',
  'Ignacio Ramírez', 'Melchor Ocampo', 'Guadalupe Victoria', 'Mariano Escobedo', 'Juan Escutia', 'Pípila', 'Colón', 'Las Palmas', 'Los Pinos',
  'Jacarandas', 'Fresno', 'Olivo', 'Cedro', 'Roble', 'Sauce', 'Nogal', 'Río Bravo', 'Río Lerma', 'Río Nazas', 'Álamo', 'Magnolia', 'Tulipán',
];
export const STREET_TYPES: ReadonlyArray<readonly [string, number]> = [['Calle', 10], ['Av.', 4], ['Privada', 1], ['Calz.', 0.5], ['Cerrada', 1], ['Blvd.', 0.7], ['Andador', 0.3]];
